package cn.fjquality.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures answer 503 DATABASE_UNAVAILABLE (the outcome is open) rather than 500. */
class DatabaseUnavailableTest {

    @Test
    void aLostConnectionInTheCauseChain() {
        assertTrue(ProblemExceptionMappers.isDatabaseUnavailable(
                new RuntimeException("wrapped", new SQLException("An I/O error occurred", "08006"))));
    }

    /** A COMMIT cut off by PostgreSQL's shutdown: Narayana's RollbackException carries the 57P01 only as suppressed. */
    @Test
    void aCommitCutOffByTheServersShutdownIsOnlySuppressed() {
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertTrue(ProblemExceptionMappers.isDatabaseUnavailable(new RuntimeException("Error invoking subclass method", rollback)));
    }

    @Test
    void anOrdinaryErrorIsNot() {
        Exception e = new IllegalStateException("bug");
        e.addSuppressed(new SQLException("duplicate key", "23505"));
        assertFalse(ProblemExceptionMappers.isDatabaseUnavailable(e));
    }
}
