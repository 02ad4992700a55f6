package cn.fjquality.reports.domain;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows for {@code COPY table (columns) FROM STDIN (FORMAT csv)} on the current transaction's connection: bulk imports
 * load their revision and outbox rows this way, which costs PostgreSQL far less per row than INSERTs (measured in
 * docs/reports-service.md, "Import performance"). In CSV format an unquoted empty field is NULL and a quoted one is
 * the empty string, so every text value is quoted.
 */
public final class PgCopy {
    private final String sql;
    private final StringBuilder csv = new StringBuilder(1 << 16);
    private boolean lineStarted;
    private long rows;

    public PgCopy(String table, String columns) {
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
    }

    private PgCopy sep() {
        if (lineStarted) {
            csv.append(',');
        }
        lineStarted = true;
        return this;
    }

    /** A text value (null = NULL). */
    public PgCopy text(String s) {
        sep();
        if (s != null) {
            csv.append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '"') {
                    csv.append('"');
                }
                csv.append(ch);
            }
            csv.append('"');
        }
        return this;
    }

    /** A value whose text form needs no quoting (uuid, number, timestamp in ISO-8601, boolean); null = NULL. */
    public PgCopy raw(Object v) {
        sep();
        if (v != null) {
            csv.append(v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
        return this;
    }

    public PgCopy bool(boolean b) {
        sep();
        csv.append(b ? 't' : 'f');
        return this;
    }

    public void endRow() {
        csv.append('\n');
        lineStarted = false;
        rows++;
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
