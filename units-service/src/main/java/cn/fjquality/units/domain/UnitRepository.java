package cn.fjquality.units.domain;

import cn.fjquality.support.Page;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class UnitRepository implements PanacheRepository<Unit> {

    public Optional<Unit> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }

    public Optional<Unit> findByDivisionCode(String divisionCode) {
        return find("divisionCode", divisionCode).firstResultOptional();
    }

    /** Filtered page, ordered by code; {@code active} is evaluated for {@code today}; {@code divisionCode} matches exactly. */
    public Page<Unit> search(UnitType type, String parentCode, String divisionCode, Boolean active, String q, LocalDate today,
                             int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (divisionCode != null) {
            where.append(" and divisionCode = :division");
            params.put("division", divisionCode);
        }
        if (type != null) {
            where.append(" and type = :type");
            params.put("type", type);
        }
        if (parentCode != null) {
            where.append(" and parentCode = :parent");
            params.put("parent", parentCode);
        }
        if (active != null) {
            where.append(active
                    ? " and activeFrom <= :today and (activeTo is null or activeTo >= :today)"
                    : " and (activeFrom > :today or activeTo < :today)");
            params.put("today", today);
        }
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(nameZh) like :q or lower(nameEn) like :q or lower(code) like :q)");
            params.put("q", "%" + q.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        }
        var query = find(where.toString(), Sort.by("code"), params);
        return Page.of(query.count(), page, size, (first, last) -> query.range(first, last).list());
    }

    /** The unit's descendants (not the unit itself), depth first by code. */
    @SuppressWarnings("unchecked")
    public List<Unit> descendants(String code) {
        return getEntityManager().createNativeQuery("""
                        WITH RECURSIVE tree AS (
                            SELECT u.* FROM unit u WHERE u.parent_code = :code
                            UNION ALL
                            SELECT c.* FROM unit c JOIN tree t ON c.parent_code = t.code
                        )
                        SELECT * FROM tree ORDER BY code""", Unit.class)
                .setParameter("code", code)
                .getResultList();
    }

    /** The codes of the unit's descendants at any depth (not the unit itself). */
    @SuppressWarnings("unchecked")
    public Set<String> descendantCodes(String code) {
        List<String> codes = getEntityManager().createNativeQuery("""
                        WITH RECURSIVE tree AS (
                            SELECT u.code FROM unit u WHERE u.parent_code = :code
                            UNION ALL
                            SELECT c.code FROM unit c JOIN tree t ON c.parent_code = t.code
                        )
                        SELECT code FROM tree""", String.class)
                .setParameter("code", code)
                .getResultList();
        return Set.copyOf(codes);
    }

    public boolean isDescendant(String unit, String ancestor) {
        Number n = (Number) getEntityManager().createNativeQuery("""
                        WITH RECURSIVE up AS (
                            SELECT parent_code FROM unit WHERE code = :unit
                            UNION ALL
                            SELECT u.parent_code FROM unit u JOIN up ON u.code = up.parent_code
                        )
                        SELECT count(*) FROM up WHERE parent_code = :ancestor""")
                .setParameter("unit", unit)
                .setParameter("ancestor", ancestor)
                .getSingleResult();
        return n.longValue() > 0;
    }
}
