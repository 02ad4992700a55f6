package cn.fjquality.reports.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text COPY ... (FORMAT csv) reads: a null is an unquoted empty field (NULL), an empty text a quoted one (''), and
 * quotes, commas and line breaks inside a value stay inside it. ImportApiTest loads such rows into PostgreSQL.
 */
class PgCopyTest {
    @Test
    void nullIsAnEmptyFieldAndEveryValueIsQuoted() {
        PgCopy copy = new PgCopy("t", "a, b, c, d, e, f");
        UUID id = UUID.fromString("3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d");
        copy.raw(id).text(null).text("").raw(new BigDecimal("1E+3")).bool(true).raw(Instant.parse("2025-01-01T00:00:00Z"));
        copy.endRow();
        assertThat(copy.csv()).isEqualTo("\"" + id + "\",,\"\",\"1000\",\"t\",\"2025-01-01T00:00:00Z\"\n");
    }

    @Test
    void quotesCommasAndLineBreaksStayInsideTheValue() {
        PgCopy copy = new PgCopy("t", "a, b");
        copy.text("他说\"好\", 然后\n换行").raw(null);
        copy.endRow();
        copy.text("{\"k\": \"v\"}").raw(-0.5);
        copy.endRow();
        assertThat(copy.csv()).isEqualTo("\"他说\"\"好\"\", 然后\n换行\",\n\"{\"\"k\"\": \"\"v\"\"}\",\"-0.5\"\n");
    }
}
