package cn.fjquality.events.period;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DueDatesTest {

    @ParameterizedTest(name = "{0} with {1}: due {2}")
    @CsvSource({
            // the frequency's defaults: a year by 31 March, leap year or not
            "2024,   ,     2025-03-31",
            "2023,   ,     2024-03-31",
            "2024S1, ,     2024-07-30",
            "2024S2, ,     2025-01-30",
            "2024Q1, ,     2024-04-30",
            "2024Q4, ,     2025-01-30",
            "202401, ,     2024-02-15",
            "202402, ,     2024-03-15",
            "202412, ,     2025-01-15",
            // a target's own offset
            "2024,   P6M,  2025-06-30",
            "2024,   P45D, 2025-02-14",
            "2024Q2, P1M,  2024-07-30",
            "2024Q3, P0D,  2024-09-30",
    })
    void dueDay(String period, String after, LocalDate due) {
        assertEquals(due, DueDates.due(Period.of(period), DueDates.parseAfter(after).orElse(null)));
    }

    @ParameterizedTest(name = "{0} on {1}: latest due {2}")
    @CsvSource({
            "YEAR,    2025-03-31, 2023",   // 2024's report is due today: not yet overdue
            "YEAR,    2025-04-01, 2024",
            "YEAR,    2026-12-06, 2025",
            "QUARTER, 2025-04-30, 2024Q4",
            "QUARTER, 2025-05-01, 2025Q1",
            "MONTH,   2025-02-15, 202412",
            "MONTH,   2025-02-16, 202501",
            "HALF,    2025-07-31, 2025S1",
    })
    void latestDue(Frequency frequency, LocalDate today, String expected) {
        assertEquals(expected, DueDates.latestDue(frequency, null, today).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3M", "P-1D", "P1Y1D", "P13M", "P400D", "PT5H", "P1W1", "soon"})
    void refusesWhatIsNoDueOffset(String iso) {
        assertThrows(IllegalArgumentException.class, () -> DueDates.parseAfter(iso));
    }

    @Test
    void blankIsTheDefault() {
        assertTrue(DueDates.parseAfter(" ").isEmpty());
        assertTrue(DueDates.parseAfter(null).isEmpty());
        assertEquals(java.time.Period.ofYears(1), DueDates.parseAfter("P1Y").orElseThrow());
    }
}
