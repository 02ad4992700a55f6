package cn.fjquality.reports.domain;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class MeasurementRepository implements PanacheRepositoryBase<Measurement, UUID> {

    /** Filters combine with AND; {@code units} (when not null) restricts to those unit codes. */
    public record Filter(String target, String unit, LocalDate fromStart, LocalDate toEnd, String status,
                         Boolean followUp, List<String> units) {
    }

    public record PageOf(List<Measurement> items, long total) {
    }

    public PageOf search(Filter f, int page, int size) {
        PanacheQuery<Measurement> query = query(f);
        long total = query.count();
        return new PageOf(query.page(Page.of(page, size)).list(), total);
    }

    public List<Measurement> all(Filter f, int limit) {
        return query(f).range(0, limit - 1).list();
    }

    private PanacheQuery<Measurement> query(Filter f) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (f.target() != null) {
            where.append(" and targetCode = :target");
            params.put("target", f.target());
        }
        if (f.unit() != null) {
            where.append(" and unitCode = :unit");
            params.put("unit", f.unit());
        }
        if (f.fromStart() != null) {
            where.append(" and periodStart >= :from");
            params.put("from", f.fromStart());
        }
        if (f.toEnd() != null) {
            where.append(" and periodEnd <= :to");
            params.put("to", f.toEnd());
        }
        if (f.status() != null) {
            where.append(" and status = :status");
            params.put("status", f.status());
        }
        if (f.followUp() != null) {
            where.append(" and followUp = :followUp");
            params.put("followUp", f.followUp());
        }
        if (f.units() != null) {
            where.append(" and unitCode in :units");
            params.put("units", f.units().isEmpty() ? List.of("\u0000") : f.units());
        }
        return find(where.toString(), Sort.by("targetCode").and("unitCode").and("periodStart").and("period"), params);
    }

    public List<MeasurementRevision> revisions(UUID id) {
        return getEntityManager().createQuery(
                        "from MeasurementRevision r where r.key.measurementId = :id order by r.key.revision", MeasurementRevision.class)
                .setParameter("id", id)
                .getResultList();
    }

    public List<Measurement> forTargetsAndPeriod(List<String> targets, String period) {
        if (targets.isEmpty()) {
            return List.of();
        }
        return list("targetCode in ?1 and period = ?2", targets, period);
    }
}
