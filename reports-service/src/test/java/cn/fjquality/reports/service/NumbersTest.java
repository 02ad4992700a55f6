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
    @CsvSource({"98.5, 98.5", " 98.50 , 98.5", "1e3, 1000", "0, 0", "-2.25, -2.25", "0.123456789012345, 0.123456789"})
    void parsesAndNormalizesText(String text, String expected) throws Exception {
        assertEquals(new BigDecimal(expected), Numbers.parse("value", text));
    }

    @ParameterizedTest
    @CsvSource({"abc, VALUE_NOT_NUMERIC", "1.2.3, VALUE_NOT_NUMERIC", "'98,5', VALUE_NOT_NUMERIC", "NaN, VALUE_NOT_FINITE",
            "Infinity, VALUE_NOT_FINITE", "-inf, VALUE_NOT_FINITE", "1e19, VALUE_OUT_OF_BOUNDS", "1e400, VALUE_OUT_OF_BOUNDS"})
    void badTextHasACode(String text, String code) {
        Numbers.BadNumber e = assertThrows(Numbers.BadNumber.class, () -> Numbers.parse("value", text));
        assertEquals(code, e.rejection.code());
        assertEquals("value", e.rejection.field());
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
        assertTrue(SubmissionProcessor.matches(new BigDecimal("33.33"), third));
        assertTrue(SubmissionProcessor.matches(new BigDecimal("33.3"), third));
        assertTrue(SubmissionProcessor.matches(new BigDecimal("33"), third));
        assertFalse(SubmissionProcessor.matches(new BigDecimal("34"), third));
        assertFalse(SubmissionProcessor.matches(new BigDecimal("33.4"), third));
        assertTrue(SubmissionProcessor.matches(new BigDecimal("98.5"), new BigDecimal("98.5")));
    }
}
