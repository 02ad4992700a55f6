package cn.fjquality.targets.domain;

import cn.fjquality.support.Page;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class TargetRepository implements PanacheRepository<Target> {

    public Optional<Target> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }

    /** The target, its row locked until the transaction ends (serializes concurrent revisions). */
    public Optional<Target> findByCodeForUpdate(String code) {
        return find("code", code).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /**
     * Counts one more change to the target's values (the caller holds the target's row lock: {@link #findByCodeForUpdate})
     * and sets it on the entity.
     */
    public void bumpDataVersion(Target target) {
        Number version = (Number) getEntityManager()
                .createNativeQuery("UPDATE target SET data_version = data_version + 1 WHERE id = :id RETURNING data_version")
                .setParameter("id", target.id)
                .getSingleResult();
        target.dataVersion = version.longValue();
    }

    public boolean exists(String code) {
        return count("code", code) > 0;
    }

    /**
     * Filtered targets, ordered by plan then catalog order. {@code size <= 0} returns every match
     * (the CSV export).
     */
    @SuppressWarnings("unchecked")
    public Page<Target> search(TargetFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.plan() != null) {
            where.append(" AND plan_code = :plan");
            params.put("plan", filter.plan());
        }
        if (filter.kind() != null) {
            where.append(" AND kind = :kind");
            params.put("kind", filter.kind().name());
        }
        if (filter.leadUnit() != null) {
            where.append(" AND lead_units @> ARRAY[CAST(:lead AS text)]");
            params.put("lead", filter.leadUnit());
        }
        if (filter.section() != null) {
            where.append(" AND section LIKE :section ESCAPE '\\'");
            params.put("section", escapeLike(filter.section()) + "%");
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            where.append(" AND (lower(name_zh) LIKE :q ESCAPE '\\' OR lower(name_en) LIKE :q ESCAPE '\\' OR lower(code) LIKE :q ESCAPE '\\')");
            params.put("q", "%" + escapeLike(filter.q().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (!filter.includeRetired()) {
            where.append(" AND retired_at IS NULL");
        }
        Query count = getEntityManager().createNativeQuery("SELECT count(*) FROM target" + where);
        params.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();

        Query select = getEntityManager().createNativeQuery(
                "SELECT * FROM target" + where + " ORDER BY plan_code, id", Target.class);
        params.forEach(select::setParameter);
        if (size <= 0) {
            return new Page<>(select.getResultList(), total);
        }
        return Page.of(total, page, size, (first, last) -> select.setFirstResult(first).setMaxResults(last - first + 1).getResultList());
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
