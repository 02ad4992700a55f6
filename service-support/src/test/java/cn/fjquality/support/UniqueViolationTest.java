package cn.fjquality.support;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 23505 check, on exceptions shaped as the driver and Hibernate throw them. */
class UniqueViolationTest {
    /** What PostgreSQL sends for a duplicate key: severity, SQLSTATE, message and the constraint's name. */
    static PSQLException duplicate(String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0VERROR\0C23505\0Mduplicate key value violates unique "
                + "constraint \"" + constraint + "\"\0n" + constraint + "\0"));
    }

    @Test
    void aDuplicateKeyDeepInTheCausesIsOneAndNamesItsConstraint() {
        RuntimeException wrapped = new RuntimeException("flush failed", new IllegalStateException(duplicate("UQ_Unit_Division_Code")));
        assertTrue(UniqueViolation.in(wrapped));
        assertEquals(Optional.of("uq_unit_division_code"), UniqueViolation.constraint(wrapped));
    }

    @Test
    void aBatchCarriesItInItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 was aborted", "23000", new int[0]);
        batch.setNextException(duplicate("measurement_key"));
        assertTrue(UniqueViolation.in(new RuntimeException(batch)));
        assertEquals(Optional.of("measurement_key"), UniqueViolation.constraint(batch));
    }

    @Test
    void aViolationWithoutAServerMessageHasAnEmptyName() {
        assertEquals(Optional.of(""), UniqueViolation.constraint(new SQLException("duplicate", "23505")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(UniqueViolation.in(new RuntimeException(new SQLException("foreign key", "23503"))));
        assertFalse(UniqueViolation.in(new RuntimeException("no SQL at all")));
        assertEquals(Optional.empty(), UniqueViolation.constraint(new SQLException("connection refused", "08001")));
    }
}
