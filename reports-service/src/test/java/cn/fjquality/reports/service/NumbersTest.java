package cn.fjquality.reports.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumbersTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"98.5, 98.5", " 98.50 , 98.5", "1e3, 1000", "0, 0", "-2.25, -2.25", "0.1234567890, 0.123456789",
            "0.12345678900000000000, 0.123456789", "1.5e-9, 0.0000000015", "+7, 7", "-0, 0", ".5, 0.5", "5., 5",
            "0e-2000000, 0", "0e99999999999, 0", "999999999999999999, 999999999999999999", "1000e-3, 1",
            "12345678901234567.1234567891, 12345678901234567.1234567891"})
    void parsesAndNormalizesText(String text, String expected) throws Exception {
        assertEquals(new BigDecimal(expected), Numbers.parse("value", text));
    }

    @ParameterizedTest
    @CsvSource({"abc, VALUE_NOT_NUMERIC", "1.2.3, VALUE_NOT_NUMERIC", "'98,5', VALUE_NOT_NUMERIC", "NaN, VALUE_NOT_FINITE",
            "Infinity, VALUE_NOT_FINITE", "-inf, VALUE_NOT_FINITE", "1e19, VALUE_OUT_OF_BOUNDS", "1e400, VALUE_OUT_OF_BOUNDS",
            "1e18, VALUE_OUT_OF_BOUNDS", "-1e18, VALUE_OUT_OF_BOUNDS", "1e2000000, VALUE_OUT_OF_BOUNDS",
            "1e99999999999, VALUE_OUT_OF_BOUNDS", "1e999999999999999999999999, VALUE_OUT_OF_BOUNDS",
            "0.123456789012345, VALUE_TOO_PRECISE", "1e-11, VALUE_TOO_PRECISE", "1e-2000000, VALUE_TOO_PRECISE",
            "1e-99999999999, VALUE_TOO_PRECISE", "1.5e-10, VALUE_TOO_PRECISE", "'1000000000000000000.00000000001', VALUE_OUT_OF_BOUNDS",
            "９８, VALUE_NOT_NUMERIC", "٩٨, VALUE_NOT_NUMERIC", "९८, VALUE_NOT_NUMERIC", "1０, VALUE_NOT_NUMERIC",
            "'1e', VALUE_NOT_NUMERIC", "'.', VALUE_NOT_NUMERIC", "'-', VALUE_NOT_NUMERIC", "'e5', VALUE_NOT_NUMERIC",
            "0x10, VALUE_NOT_NUMERIC", "'1 000', VALUE_NOT_NUMERIC"})
    void badTextHasACode(String text, String code) {
        Numbers.BadNumber e = assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", text));
        assertEquals(code, e.rejection.code());
        assertEquals("value", e.rejection.field());
    }

    /** Far exponents are decided from the text: no BigDecimal of two million digits' scale is ever made. */
    @Test
    void farExponentsCostNothing() {
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", "1e-2000000"));
            assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", "1e2000000"));
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "2000 far exponents took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void jsonNumbersAreReadAsWritten() throws Exception {
        com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(
                "{\"a\":1e-2000000,\"b\":1.00000000000000000001,\"c\":98.1234567891,\"d\":1e400,\"e\":\"９８\",\"f\":202507}");
        p.nextToken();
        com.fasterxml.jackson.databind.JsonNode tree = JsonNumbers.read(p);
        assertEquals("VALUE_TOO_PRECISE", assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", tree.get("a"))).rejection.code());
        assertEquals("VALUE_TOO_PRECISE", assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", tree.get("b"))).rejection.code());
        assertEquals(new BigDecimal("98.1234567891"), Numbers.parse("value", tree.get("c")));
        assertEquals("VALUE_NOT_FINITE", assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", tree.get("d"))).rejection.code());
        assertEquals("VALUE_NOT_NUMERIC", assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", tree.get("e"))).rejection.code());
        assertTrue(tree.get("f").isIntegralNumber());
        assertEquals("202507", tree.get("f").asText());
        // Written back as Jackson's own nodes were (what an Idempotency-Key hashes)
        assertEquals(MAPPER.writeValueAsString(MAPPER.readTree("{\"b\":1.00000000000000000001,\"f\":202507,\"g\":1e3}")),
                MAPPER.writeValueAsString(read("{\"b\":1.00000000000000000001,\"f\":202507,\"g\":1e3}")));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) throws Exception {
        com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(json);
        p.nextToken();
        return JsonNumbers.read(p);
    }

    @Test
    void blankIsAbsent() throws Exception {
        assertNull(Numbers.parse("value", " "));
        assertNull(Numbers.parse("value", (String) null));
        assertNull(Numbers.parse("value", MAPPER.readTree("null")));
    }

    @Test
    void readsJsonNumbersAndNumericStrings() throws Exception {
        assertEquals(new BigDecimal("98.7"), Numbers.parse("value", MAPPER.readTree("98.7")));
        assertEquals(new BigDecimal("12"), Numbers.parse("value", MAPPER.readTree("\"12\"")));
        assertEquals("VALUE_NOT_FINITE", assertThrows(Numbers.BadNumber.class,
                () -> Numbers.parse("value", MAPPER.readTree("1e400"))).rejection.code());
        assertEquals("VALUE_NOT_NUMERIC", assertThrows(Numbers.BadNumber.class,
                () -> Numbers.parse("value", MAPPER.readTree("true"))).rejection.code());
    }

    @Test
    void ratioMatchesWithinRounding() {
        BigDecimal third = new BigDecimal("33.3333333333");
        assertTrue(SubmissionRules.matches(new BigDecimal("33.33"), third));
        assertTrue(SubmissionRules.matches(new BigDecimal("33.3"), third));
        assertTrue(SubmissionRules.matches(new BigDecimal("33"), third));
        assertFalse(SubmissionRules.matches(new BigDecimal("34"), third));
        assertFalse(SubmissionRules.matches(new BigDecimal("33.4"), third));
        assertTrue(SubmissionRules.matches(new BigDecimal("98.5"), new BigDecimal("98.5")));
    }
}
