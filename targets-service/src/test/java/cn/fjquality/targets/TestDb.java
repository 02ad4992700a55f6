package cn.fjquality.targets;

import cn.fjquality.testsupport.TestPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC on the service's real test database, to look at what the API does not show (inbox, outbox, known units). */
final class TestDb {
    private TestDb() {
    }

    static long count(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(TestPostgres.database("targets"), TestPostgres.user(), TestPostgres.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row as text (null when there is no row). */
    static String string(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(TestPostgres.database("targets"), TestPostgres.user(), TestPostgres.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement; the rows it changed. */
    static int update(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(TestPostgres.database("targets"), TestPostgres.user(), TestPostgres.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
