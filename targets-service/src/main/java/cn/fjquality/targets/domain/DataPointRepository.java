package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.ReportedValue;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * The stored points of exactly these (target, unit, period) keys, by {@link #key} (a consumer's whole poll): their
     * ids in one query (a join with the keys as arrays, one unique-key lookup each), then the entities by id. Not
     * "target in .. and unit in .. and period in ..": a poll of an import spans a hundred targets and hundreds of units,
     * and that product read hundreds of thousands of rows per poll.
     */
    public Map<String, DataPoint> findAll(Collection<String[]> keys) {
        Map<String, DataPoint> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        String[] targets = keys.stream().map(k -> k[0]).toArray(String[]::new);
        String[] units = keys.stream().map(k -> k[1]).toArray(String[]::new);
        String[] periods = keys.stream().map(k -> k[2]).toArray(String[]::new);
        List<Long> ids = getEntityManager().unwrap(Session.class).doReturningWork(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id FROM progress_data_point d "
                    + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(target_code, unit_code, period) "
                    + "ON d.target_code = k.target_code AND d.unit_code = k.unit_code AND d.period = k.period")) {
                ps.setArray(1, c.createArrayOf("text", targets));
                ps.setArray(2, c.createArrayOf("text", units));
                ps.setArray(3, c.createArrayOf("text", periods));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
        if (!ids.isEmpty()) {
            for (DataPoint dp : list("id in ?1", new ArrayList<>(new HashSet<>(ids)))) {
                found.put(key(dp.targetCode, dp.unitCode, dp.period), dp);
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
