package cn.fjquality.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fingerprint of everything the three services store: per application table, its row count and an md5
 * over its rows (each row's text, ordered), one query per database. The tables are small in this run,
 * so this costs a few milliseconds.
 *
 * <p>Excluded columns: {@code outbox_event.published_at}, set by the relay after the commit (asynchronously,
 * a second or less after an accepted write), which is not a change the request made. Rows are still
 * counted and hashed, so an outbox row written on a rejected request shows up.
 */
final class StoredState implements AutoCloseable {
    private static final Map<String, Set<String>> EXCLUDED = Map.of("outbox_event", Set.of("published_at"));

    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private final Map<String, String> queries = new LinkedHashMap<>();

    StoredState(Map<String, String> databases, String user, String password) throws SQLException {
        for (Map.Entry<String, String> db : new TreeMap<>(databases).entrySet()) {
            Connection c = DriverManager.getConnection(db.getValue(), user, password);
            connections.put(db.getKey(), c);
            queries.put(db.getKey(), fingerprintQuery(c));
        }
    }

    private static String fingerprintQuery(Connection c) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                     + "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' "
                     + "AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE') "
                     + "ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String column = rs.getString(2);
                if (!EXCLUDED.getOrDefault(table, Set.of()).contains(column)) {
                    columns.computeIfAbsent(table, t -> new ArrayList<>()).add('"' + column + '"');
                }
            }
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            parts.add("SELECT '" + t.getKey() + "' AS t, count(*) || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') AS h "
                    + "FROM (SELECT md5(ROW(" + String.join(", ", t.getValue()) + ")::text) AS r FROM \"" + t.getKey() + "\") x");
        }
        return String.join(" UNION ALL ", parts);
    }

    /** database.table -> count:md5 */
    Map<String, String> fingerprint() {
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, Connection> db : connections.entrySet()) {
            try (Statement s = db.getValue().createStatement(); ResultSet rs = s.executeQuery(queries.get(db.getKey()))) {
                while (rs.next()) {
                    result.put(db.getKey() + "." + rs.getString(1), rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("fingerprint of " + db.getKey() + " failed", e);
            }
        }
        return result;
    }

    /** Outbox rows the relay has not published yet, over the three databases. */
    long unpublished() {
        long n = 0;
        for (Connection c : connections.values()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")) {
                rs.next();
                n += rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    /** Which service databases consume each topic (their inbox, processed_event, records what they applied). */
    private static final Map<String, List<String>> CONSUMERS = Map.of(
            "units.v1", List.of("targets", "reports"),
            "targets.v1", List.of("reports"),
            "measurements.v1", List.of("targets"));
    /** Events a consumer skips on purpose (types it does not apply) never reach its inbox. */
    private final Set<String> skipped = new java.util.HashSet<>();
    String lastSettle = "";

    /** Published events not yet in the inbox of a consumer: "db:eventId". */
    Set<String> pending() {
        Set<String> pending = new java.util.TreeSet<>();
        Map<String, Set<String>> processed = new java.util.HashMap<>();
        for (Map.Entry<String, Connection> db : connections.entrySet()) {
            Set<String> ids = new java.util.HashSet<>();
            try (Statement s = db.getValue().createStatement(); ResultSet rs = s.executeQuery("SELECT event_id::text FROM processed_event")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            processed.put(db.getKey(), ids);
        }
        for (Connection c : connections.values()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_id::text, topic FROM outbox_event")) {
                while (rs.next()) {
                    for (String consumer : CONSUMERS.getOrDefault(rs.getString(2), List.of())) {
                        String key = consumer + ":" + rs.getString(1);
                        if (!processed.get(consumer).contains(rs.getString(1)) && !skipped.contains(key)) {
                            pending.add(key);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return pending;
    }

    /**
     * After an accepted write, its asynchronous effects settle: every outbox row published, every published
     * event in its consumers' inboxes, and the same fingerprint twice. An event still not applied after 10 s
     * of no change is taken as skipped by its consumer (an event type it ignores). Returns the fingerprint.
     */
    Map<String, String> settle() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, String> last = fingerprint();
        Set<String> lastPending = null;
        long pendingSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(40);
            // outbox and inboxes first: a consumer committing after them shows in the fingerprint taken next
            Set<String> pending = unpublished() == 0 ? pending() : null;
            Map<String, String> now = fingerprint();
            if (pending != null && pending.isEmpty() && now.equals(last)) {
                lastSettle = "settled in " + (System.nanoTime() - (deadline - 60_000_000_000L)) / 1_000_000 + " ms, skipped " + skipped;
                return now;
            }
            if (pending == null || !pending.equals(lastPending) || !now.equals(last)) {
                pendingSince = System.nanoTime();
            } else if (System.nanoTime() - pendingSince > 10_000_000_000L) {
                skipped.addAll(pending);
            }
            lastPending = pending;
            last = now;
        }
        throw new IllegalStateException("stored state did not settle within 60 s");
    }

    /** The latest outbox and inbox rows of every database, for failure messages. */
    String recentEvents() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Connection> db : connections.entrySet()) {
            for (String q : List.of("SELECT 'outbox', event_id::text, topic || ' ' || event_type, occurred_at::text, coalesce(published_at::text, '-') FROM outbox_event ORDER BY id DESC LIMIT 3",
                    "SELECT 'inbox', event_id::text, consumer, processed_at::text, '' FROM processed_event ORDER BY processed_at DESC LIMIT 3")) {
                try (Statement s = db.getValue().createStatement(); ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        b.append("\n  ").append(db.getKey()).append(' ').append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ')
                                .append(rs.getString(3)).append(' ').append(rs.getString(4)).append(' ').append(rs.getString(5));
                    }
                } catch (SQLException e) {
                    b.append(e);
                }
            }
        }
        return b.toString();
    }

    /** The tables whose fingerprint differs. */
    static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        for (String table : after.keySet()) {
            if (!after.get(table).equals(before.get(table))) {
                changed.add(table + " (" + before.get(table) + " -> " + after.get(table) + ")");
            }
        }
        return changed;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : connections.values()) {
            c.close();
        }
    }
}
