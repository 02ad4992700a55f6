package cn.fjquality.reports.domain;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class MeasurementRepository implements PanacheRepositoryBase<Measurement, UUID> {

    /**
     * Filters combine with AND; {@code place} is a place's unit code; {@code units} (when not null) restricts to those
     * unit codes, an empty list to none; {@code none}: a filter that can match nothing (an unknown division code).
     */
    public record Filter(String target, String unit, String place, LocalDate fromStart, LocalDate toEnd, String status,
                         Boolean followUp, List<String> units, boolean none, List<String> targets) {

        public Filter(String target, String unit, String place, LocalDate fromStart, LocalDate toEnd, String status,
                      Boolean followUp, List<String> units, boolean none) {
            this(target, unit, place, fromStart, toEnd, status, followUp, units, none, null);
        }

        /** The same filter restricted to these target codes (null: any). */
        public Filter withTargets(List<String> codes) {
            return new Filter(target, unit, place, fromStart, toEnd, status, followUp, units, none, codes);
        }

        /** Nothing can match: answered without a query (an empty scope binds no impossible unit code). */
        boolean matchesNothing() {
            return none || (units != null && units.isEmpty()) || (targets != null && targets.isEmpty());
        }
    }

    public record PageOf(List<Measurement> items, long total) {
    }

    /** {@code page} ≥ 0, {@code size} ≥ 1; a page past the last match is empty (with the total). */
    public PageOf search(Filter f, int page, int size) {
        if (f.matchesNothing()) {
            return new PageOf(List.of(), 0);
        }
        PanacheQuery<Measurement> query = query(f);
        long total = query.count();
        // In long: page × size overflows an int (page=2147483647&size=500, which Panache's Page turned into a negative
        // offset and a 500). A page past the end is empty, so the offset handed to the database is below the total.
        long offset = (long) page * size;
        if (offset >= total) {
            return new PageOf(List.of(), total);
        }
        int first = Math.toIntExact(offset);
        int last = (int) Math.min(offset + size - 1, Integer.MAX_VALUE);
        return new PageOf(query.range(first, last).list(), total);
    }

    public List<Measurement> all(Filter f, int limit) {
        if (f.matchesNothing()) {
            return List.of();
        }
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
        if (f.place() != null) {
            where.append(" and placeCode = :place");
            params.put("place", f.place());
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
            params.put("units", f.units());
        }
        if (f.targets() != null) {
            where.append(" and targetCode in :targets");
            params.put("targets", f.targets());
        }
        return find(where.toString(), Sort.by("targetCode").and("unitCode").and("placeCode").and("periodStart").and("period"), params);
    }

    public List<MeasurementRevision> revisions(UUID id) {
        return getEntityManager().createQuery(
                        "from MeasurementRevision r where r.key.measurementId = :id order by r.key.revision", MeasurementRevision.class)
                .setParameter("id", id)
                .getResultList();
    }

    /** When a value for (target, unit, place, period) was first submitted. */
    public record FirstSubmission(String targetCode, String unitCode, String placeCode, String period, Instant firstSubmittedAt) {
    }

    /** The first submissions of the targets' values for periods that lie within [start, end] (the period and its parts). */
    public List<FirstSubmission> firstSubmissionsWithin(List<String> targets, LocalDate start, LocalDate end) {
        if (targets.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = getEntityManager().createQuery("""
                        select m.targetCode, m.unitCode, m.placeCode, m.period, m.firstSubmittedAt
                        from Measurement m
                        where m.targetCode in :targets and m.periodStart >= :start and m.periodEnd <= :end""", Object[].class)
                .setParameter("targets", targets)
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList();
        return rows.stream().map(r -> new FirstSubmission((String) r[0], (String) r[1], (String) r[2], (String) r[3], (Instant) r[4]))
                .toList();
    }
}
