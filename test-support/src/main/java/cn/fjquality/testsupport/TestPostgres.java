package cn.fjquality.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL per test JVM: an embedded PostgreSQL 15 server, or the external server named by
 * {@code TEST_PG_HOST} (with {@code TEST_PG_PORT}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}).
 */
public final class TestPostgres {
    private static EmbeddedPostgres embedded;
    private static String host;
    private static int port;
    private static String user;
    private static String password;

    private TestPostgres() {
    }

    public static synchronized void start() {
        if (host != null) {
            return;
        }
        String externalHost = System.getenv("TEST_PG_HOST");
        if (externalHost != null && !externalHost.isBlank()) {
            host = externalHost;
            port = Integer.parseInt(envOr("TEST_PG_PORT", "5432"));
            user = envOr("TEST_PG_USER", "postgres");
            password = envOr("TEST_PG_PASSWORD", "postgres");
            return;
        }
        try {
            embedded = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                embedded.close();
            } catch (IOException ignored) {
                // the JVM is going away either way
            }
        }));
        host = "localhost";
        port = embedded.getPort();
        user = "postgres";
        password = "postgres";
    }

    /** Creates the database if missing and returns its JDBC URL. External servers get a per-run name. */
    public static synchronized String database(String name) {
        start();
        String dbName = embedded != null ? name : name + "_test_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(url("postgres"), user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + dbName + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + dbName + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + dbName, e);
        }
        return url(dbName);
    }

    public static String user() {
        return user;
    }

    public static String password() {
        return password;
    }

    private static String url(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
