package cn.fjquality.support;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises PostgreSQL's unique_violation (SQLSTATE 23505) anywhere in an exception's causes, including the next
 * exceptions of a failed JDBC batch. The services check before they write, but two concurrent requests can both pass
 * the check; the database's unique constraint decides, and the loser gets the same 409 as a sequential request.
 */
public final class UniqueViolation {
    static final String SQL_STATE = "23505";

    private UniqueViolation() {
    }

    public static boolean in(Throwable e) {
        return find(e) != null;
    }

    /**
     * The name of the violated constraint (or unique index) in lower case, "" when the server did not name it; empty
     * when {@code e} is not a unique violation.
     */
    public static Optional<String> constraint(Throwable e) {
        SQLException violation = find(e);
        if (violation == null) {
            return Optional.empty();
        }
        ServerErrorMessage server = violation instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String name = server == null ? null : server.getConstraint();
        return Optional.of(name == null ? "" : name.toLowerCase(Locale.ROOT));
    }

    private static SQLException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException() == s ? null : s.getNextException()) {
                    if (SQL_STATE.equals(s.getSQLState())) {
                        return s;
                    }
                }
            }
        }
        return null;
    }
}
