package cn.fjquality.events.period;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodTest {

    @ParameterizedTest
    @CsvSource({
            "2025,    YEAR,    2025-01-01, 2025-12-31",
            "2025S1,  HALF,    2025-01-01, 2025-06-30",
            "2025S2,  HALF,    2025-07-01, 2025-12-31",
            "2025Q1,  QUARTER, 2025-01-01, 2025-03-31",
            "2025Q3,  QUARTER, 2025-07-01, 2025-09-30",
            "2024Q4,  QUARTER, 2024-10-01, 2024-12-31",
            "202507,  MONTH,   2025-07-01, 2025-07-31",
            "202402,  MONTH,   2024-02-01, 2024-02-29",
            "202302,  MONTH,   2023-02-01, 2023-02-28",
            "202512,  MONTH,   2025-12-01, 2025-12-31",
            "190001,  MONTH,   1900-01-01, 1900-01-31",
            "210012,  MONTH,   2100-12-01, 2100-12-31",
            "1900,    YEAR,    1900-01-01, 1900-12-31",
    })
    void parsesTheFourShapes(String id, Frequency frequency, LocalDate start, LocalDate end) {
        Period p = Period.of(id);
        assertEquals(frequency, p.frequency());
        assertEquals(start, p.start());
        assertEquals(end, p.end());
        assertEquals(id, p.id());
        assertTrue(p.contains(start) && p.contains(end) && !p.contains(end.plusDays(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "25", "20255", "2025S3", "2025S0", "2025Q0", "2025Q5", "202513", "202500", "2025-07",
            "2025q3", "2025M07", "1899", "2101", "2025W01", "２０２５", "2025Q3 extra", "abcd"})
    void rejectsAnythingElse(String id) {
        assertTrue(Period.parse(id).isEmpty(), id);
    }

    @Test
    void nullIsNotAPeriod() {
        assertTrue(Period.parse(null).isEmpty());
    }

    @Test
    void surroundingSpaceIsTolerated() {
        assertEquals(Period.of("2025Q3"), Period.parse(" 2025Q3 ").orElseThrow());
    }

    @Test
    void previousAndNextCrossYears() {
        assertEquals("2024Q4", Period.of("2025Q1").previous().id());
        assertEquals("2026Q1", Period.of("2025Q4").next().id());
        assertEquals("202412", Period.of("202501").previous().id());
        assertEquals("2024S2", Period.of("2025S1").previous().id());
        assertEquals("2024", Period.of("2025").previous().id());
        assertEquals("202508", Period.of("202507").next().id());
    }

    @Test
    void containingFindsThePeriodOfADay() {
        LocalDate day = LocalDate.of(2025, 8, 15);
        assertEquals("2025", Period.containing(Frequency.YEAR, day).id());
        assertEquals("2025S2", Period.containing(Frequency.HALF, day).id());
        assertEquals("2025Q3", Period.containing(Frequency.QUARTER, day).id());
        assertEquals("202508", Period.containing(Frequency.MONTH, day).id());
    }

    @Test
    void ordersByStartThenLength() {
        assertTrue(Period.of("2025Q1").compareTo(Period.of("2025Q2")) < 0);
        assertTrue(Period.of("202501").compareTo(Period.of("2025Q1")) < 0);
        assertTrue(Period.of("2025Q1").compareTo(Period.of("2025")) < 0);
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource({
            "2025,   HALF,    2025S1 2025S2",
            "2025,   QUARTER, 2025Q1 2025Q2 2025Q3 2025Q4",
            "2025S2, QUARTER, 2025Q3 2025Q4",
            "2025Q3, MONTH,   202507 202508 202509",
            "2025S1, MONTH,   202501 202502 202503 202504 202505 202506",
            "2025Q2, QUARTER, 2025Q2",
    })
    void partsOfACoarserPeriod(String period, Frequency finer, String parts) {
        assertEquals(parts, String.join(" ", Period.of(period).parts(finer).stream().map(Period::id).toList()));
        for (Period part : Period.of(period).parts(finer)) {
            assertEquals(Period.of(period), part.within(Period.of(period).frequency()));
            assertTrue(part.isWithin(Period.of(period)));
        }
    }

    @Test
    void aCoarserPeriodHasNoFinerWhole() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Period.of("2025Q3").parts(Frequency.YEAR));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Period.of("2025").within(Frequency.QUARTER));
        org.junit.jupiter.api.Assertions.assertFalse(Period.of("2025Q4").isWithin(Period.of("2025S1")));
    }

    @Test
    void frequenciesFromCoarseToFine() {
        assertEquals(Frequency.HALF, Frequency.YEAR.finer());
        assertEquals(null, Frequency.MONTH.finer());
        assertTrue(Frequency.YEAR.isCoarserThan(Frequency.MONTH));
        org.junit.jupiter.api.Assertions.assertFalse(Frequency.QUARTER.isCoarserThan(Frequency.QUARTER));
    }
}
