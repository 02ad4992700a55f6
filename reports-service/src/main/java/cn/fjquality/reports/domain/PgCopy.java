package cn.fjquality.reports.domain;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows for {@code COPY table (columns) FROM STDIN (FORMAT csv)} on the current transaction's connection: bulk imports
 * load their revision rows this way, which costs PostgreSQL far less per row than INSERTs (measured in
 * docs/reports-service.md, "Import performance"). The rows are printed by Commons CSV in its {@code POSTGRESQL_CSV}
 * format, the one COPY's csv format reads: every value quoted (quotes doubled), a null as an unquoted empty field, which
 * COPY reads as NULL while a quoted empty field stays the empty string.
 */
public final class PgCopy {
    private final String sql;
    private final StringBuilder csv = new StringBuilder(1 << 16);
    private final CSVPrinter printer;
    private final List<Object> row = new ArrayList<>();
    private long rows;

    public PgCopy(String table, String columns) {
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
        try {
            this.printer = new CSVPrinter(csv, CSVFormat.POSTGRESQL_CSV);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text value (null = NULL). */
    public PgCopy text(String s) {
        row.add(s);
        return this;
    }

    /**
     * A value of another type, as PostgreSQL reads its text form: uuid, number (a BigDecimal in plain notation, never
     * 1E+3), ISO-8601 timestamp; null = NULL.
     */
    public PgCopy raw(Object v) {
        row.add(v instanceof BigDecimal d ? d.toPlainString() : v);
        return this;
    }

    public PgCopy bool(boolean b) {
        row.add(b ? "t" : "f");
        return this;
    }

    public void endRow() {
        try {
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        row.clear();
        rows++;
    }

    /** The rows as COPY will read them. */
    String csv() {
        return csv.toString();
    }

    /** Sends the rows; returns how many PostgreSQL stored. */
    public long copy(Connection c) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
