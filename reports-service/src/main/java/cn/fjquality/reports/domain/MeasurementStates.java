package cn.fjquality.reports.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a chunk of submitted rows needs to know before it writes, read with one {@code unnest} query each for all the
 * chunk's keys (plain JDBC: a 1000-row chunk costs two round trips, not 2000).
 */
@ApplicationScoped
public class MeasurementStates {
    private final EntityManager em;

    public MeasurementStates(EntityManager em) {
        this.em = em;
    }

    /**
     * The stored state of those measurements that exist, locked until the transaction ends: a concurrent submission
     * of the same key waits, and then sees this transaction's revision.
     */
    public Map<MeasurementKey, MeasurementState> lockCurrent(Collection<MeasurementKey> keys) {
        Map<MeasurementKey, MeasurementState> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT target_code, unit_code, place_code, period, id, revision, value, numerator, denominator, comment, status,
                        first_submitted_at, reviewed_at, reviewed_by_key, review_reason
                    FROM measurement
                    WHERE (target_code, unit_code, place_code, period) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]))
                    FOR UPDATE""")) {
                bindColumns(c, ps, keys, MeasurementKey::target, MeasurementKey::unit, MeasurementKey::place, MeasurementKey::period);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MeasurementState s = new MeasurementState();
                        s.id = rs.getObject(5, UUID.class);
                        s.revision = rs.getInt(6);
                        s.value = rs.getBigDecimal(7);
                        s.numerator = rs.getBigDecimal(8);
                        s.denominator = rs.getBigDecimal(9);
                        s.comment = rs.getString(10);
                        s.status = rs.getString(11);
                        s.firstSubmittedAt = rs.getTimestamp(12).toInstant();
                        Timestamp reviewedAt = rs.getTimestamp(13);
                        s.reviewedAt = reviewedAt == null ? null : reviewedAt.toInstant();
                        s.reviewedBy = rs.getString(14);
                        s.reviewReason = rs.getString(15);
                        s.persisted = true;
                        found.put(new MeasurementKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), s);
                    }
                }
            }
            return found;
        });
    }

    /** The stored values of each series by period start; every series asked for is in the answer (empty when none). */
    public Map<MeasurementKey.Series, TreeMap<LocalDate, Double>> history(Collection<MeasurementKey.Series> series) {
        Map<MeasurementKey.Series, TreeMap<LocalDate, Double>> history = new HashMap<>();
        if (series.isEmpty()) {
            return history;
        }
        series.forEach(s -> history.put(s, new TreeMap<>()));
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT target_code, unit_code, place_code, frequency, period_start, value FROM measurement
                    WHERE (target_code, unit_code, place_code, frequency) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]))""")) {
                bindColumns(c, ps, series, MeasurementKey.Series::target, MeasurementKey.Series::unit, MeasurementKey.Series::place,
                        MeasurementKey.Series::frequency);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        history.get(new MeasurementKey.Series(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                                .put(rs.getDate(5).toLocalDate(), rs.getBigDecimal(6).doubleValue());
                    }
                }
            }
            return history;
        });
    }

    /** One text array per key column, for {@code unnest}. */
    @SafeVarargs
    private static <K> void bindColumns(Connection c, PreparedStatement ps, Collection<K> keys, Function<K, String>... columns)
            throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, c.createArrayOf("text", keys.stream().map(columns[i]).toArray()));
        }
    }
}
