package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.ReportedValue;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class DataPointRepository implements PanacheRepository<DataPoint> {
    // A projection, not entities: a target can hold tens of thousands of values and nothing here changes them.
    private static final String REPORTED = "select new cn.fjquality.targets.domain.progress.ReportedValue(d.unitCode, d.period, "
            + "d.periodStart, d.periodEnd, d.value, d.numerator, d.denominator, d.status, d.submittedAt) from DataPoint d "
            + "where d.targetCode = :target";

    public Optional<DataPoint> find(String target, String unit, String period) {
        return find("targetCode = ?1 and unitCode = ?2 and period = ?3", target, unit, period).firstResultOptional();
    }

    /**
     * The stored points of these (target, unit, period) keys, by {@link #key}, in one query (a consumer's whole poll):
     * the product of the keys' targets, units and periods is read (a range of the unique key each) and the rest left out.
     */
    public Map<String, DataPoint> findAll(Collection<String[]> keys) {
        Map<String, DataPoint> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Set<String> targets = new HashSet<>(), units = new HashSet<>(), periods = new HashSet<>(), wanted = new HashSet<>();
        for (String[] k : keys) {
            targets.add(k[0]);
            units.add(k[1]);
            periods.add(k[2]);
            wanted.add(key(k[0], k[1], k[2]));
        }
        for (DataPoint dp : list("targetCode in ?1 and unitCode in ?2 and period in ?3", targets, units, periods)) {
            String key = key(dp.targetCode, dp.unitCode, dp.period);
            if (wanted.contains(key)) {
                found.put(key, dp);
            }
        }
        return found;
    }

    public static String key(String target, String unit, String period) {
        return target + '\u0001' + unit + '\u0001' + period;
    }

    public List<DataPoint> forTarget(String target) {
        return list("targetCode", target);
    }

    /** Every unit's values of the target. */
    public List<ReportedValue> reported(String target) {
        return getEntityManager().createQuery(REPORTED, ReportedValue.class).setParameter("target", target).getResultList();
    }

    /** The values of some units of the target only (a range of the (target, unit, period) key per unit). */
    public List<ReportedValue> reported(String target, Collection<String> units) {
        if (units.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery(REPORTED + " and d.unitCode in :units", ReportedValue.class)
                .setParameter("target", target).setParameter("units", units).getResultList();
    }

    /** What the stored values of the target count, from the maintained totals: {counting (not RETURNED), APPROVED}. */
    public long[] valueCounts(String target) {
        List<?> rows = getEntityManager().createNativeQuery(
                        "SELECT counting, approved FROM progress_value_count WHERE target_code = ?1")
                .setParameter(1, target).getResultList();
        if (rows.isEmpty()) {
            return new long[] {0, 0};
        }
        Object[] row = (Object[]) rows.get(0);
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** Adds to the target's totals (in the transaction that changed a value or its status). */
    public void addValueCounts(String target, long counting, long approved) {
        if (counting == 0 && approved == 0) {
            return;
        }
        getEntityManager().createNativeQuery("INSERT INTO progress_value_count (target_code, counting, approved) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (target_code) DO UPDATE SET counting = progress_value_count.counting + EXCLUDED.counting, "
                        + "approved = progress_value_count.approved + EXCLUDED.approved")
                .setParameter(1, target).setParameter(2, counting).setParameter(3, approved).executeUpdate();
    }

    /** Values of other units than these that count (not RETURNED; only APPROVED when approvedOnly), reported by then. */
    public long countOthers(String target, Collection<String> units, boolean approvedOnly, Instant reportedBy) {
        return getEntityManager().createQuery("select count(d) from DataPoint d where d.targetCode = :target "
                        + "and d.unitCode not in :units and d.status <> 'RETURNED' and (:approvedOnly = false or d.status = 'APPROVED') "
                        + "and d.submittedAt <= :by", Long.class)
                .setParameter("target", target).setParameter("units", units.isEmpty() ? List.of("") : units)
                .setParameter("approvedOnly", approvedOnly).setParameter("by", reportedBy).getSingleResult();
    }
}
