package cn.fjquality.reports;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Migration V3 on a database that already holds values: in a schema of its own, the migrations up to V2, rows as the
 * service stored them before values named places, then V3. Every row gets its unit's default place, computed in SQL.
 * Its own connections (not the service's pool, whose connections must not keep another search_path).
 */
@QuarkusTest
class PlaceMigrationTest {
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void existingValuesDescribeTheirUnitsDefaultPlace() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        String schema = "migration_v3_" + Long.toHexString(System.nanoTime());
        flyway(dataSource, schema, "2").migrate();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema);
            st.execute("""
                    INSERT INTO unit_copy (code, name_zh, type, parent_code, active_from, version) VALUES
                        ('FJ', '福建省', 'PROVINCE', NULL, '2000-01-01', 0),
                        ('DEPT', '省厅', 'PROVINCIAL_DEPARTMENT', 'FJ', '2000-01-01', 0),
                        ('FZ', '福州市', 'CITY', 'FJ', '2000-01-01', 0),
                        ('GL', '鼓楼区', 'COUNTY', 'FZ', '2000-01-01', 0),
                        ('FZ-AMR', '福州市场监管局', 'OTHER', 'FZ', '2000-01-01', 0),
                        ('FZ-AMR-LAB', '检测所', 'OTHER', 'FZ-AMR', '2000-01-01', 0),
                        ('LOOSE', '无上级', 'OTHER', NULL, '2000-01-01', 0),
                        ('CYCLE-A', '环A', 'OTHER', 'CYCLE-B', '2000-01-01', 0),
                        ('CYCLE-B', '环B', 'OTHER', 'CYCLE-A', '2000-01-01', 0)""");
            st.execute("""
                    INSERT INTO measurement (id, target_code, unit_code, period, frequency, period_start, period_end, revision, value,
                        status, first_submitted_at, submitted_at, submitted_by_key)
                    SELECT gen_random_uuid(), 'T', u, p, 'YEAR', make_date(p::int, 1, 1), make_date(p::int, 12, 31), 1, 1,
                        'SUBMITTED', now(), now(), 'k'
                    FROM unnest(ARRAY['FJ', 'DEPT', 'FZ', 'GL', 'FZ-AMR', 'FZ-AMR-LAB', 'LOOSE', 'CYCLE-A', 'GONE']) AS u,
                         unnest(ARRAY['2023', '2024']) AS p""");
        }
        flyway(dataSource, schema, null).migrate();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema);
            Map<String, String> places = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT unit_code, string_agg(DISTINCT place_code, ',') FROM measurement GROUP BY unit_code")) {
                while (rs.next()) {
                    places.put(rs.getString(1), rs.getString(2));
                }
            }
            assertEquals(new TreeMap<>(Map.of(
                    "FJ", "FJ", "DEPT", "FJ", "FZ", "FZ", "GL", "GL", "FZ-AMR", "FZ", "FZ-AMR-LAB", "FZ",
                    // no place above them (or no copy at all): their own code, the last resort
                    "LOOSE", "LOOSE", "CYCLE-A", "CYCLE-A", "GONE", "GONE")), places);
            try (ResultSet rs = st.executeQuery("SELECT is_nullable FROM information_schema.columns "
                    + "WHERE table_schema = '" + schema + "' AND table_name = 'measurement' AND column_name = 'place_code'")) {
                rs.next();
                assertEquals("NO", rs.getString(1));
            }
            // The key now includes the place: the department's figure for a city stands beside its province figure.
            String insert = """
                    INSERT INTO measurement (id, target_code, unit_code, place_code, period, frequency, period_start, period_end,
                        revision, value, status, first_submitted_at, submitted_at, submitted_by_key)
                    VALUES (gen_random_uuid(), 'T', 'DEPT', '%s', '2024', 'YEAR', '2024-01-01', '2024-12-31', 1, 1, 'SUBMITTED',
                        now(), now(), 'k')""";
            assertEquals(1, st.executeUpdate(insert.formatted("FZ")));
            SQLException duplicate = assertThrows(SQLException.class, () -> st.executeUpdate(insert.formatted("FJ")));
            assertEquals("23505", duplicate.getSQLState());
        } finally {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static Flyway flyway(PGSimpleDataSource dataSource, String schema, String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/migration")
                .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target))
                .load();
    }
}
