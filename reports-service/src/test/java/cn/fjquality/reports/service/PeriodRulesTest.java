package cn.fjquality.reports.service;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.events.period.Period;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodRulesTest {

    @ParameterizedTest(name = "{0} target takes {1}: {2}")
    @CsvSource({
            "YEAR, 2025, true", "YEAR, 2025S2, true", "YEAR, 2025Q3, true", "YEAR, 202507, true",
            "HALF, 2025, false", "HALF, 2025S1, true", "HALF, 2025Q2, true", "HALF, 202506, true",
            "QUARTER, 2025, false", "QUARTER, 2025S1, false", "QUARTER, 2025Q1, true", "QUARTER, 202503, true",
            "MONTH, 2025, false", "MONTH, 2025S1, false", "MONTH, 2025Q1, false", "MONTH, 202501, true",
    })
    void aTargetTakesItsFrequencyAndFinerOnes(Frequency target, String period, boolean taken) {
        Rejection r = PeriodRules.frequency(Period.of(period), "T", target);
        if (taken) {
            assertNull(r);
        } else {
            assertEquals("WRONG_FREQUENCY", r.code());
            assertEquals("period", r.field());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            QUARTER | 2025   | Target T is reported per QUARTER and takes QUARTER or MONTH periods; 2025 is a YEAR period
            HALF    | 2025   | Target T is reported per HALF and takes HALF, QUARTER or MONTH periods; 2025 is a YEAR period
            MONTH   | 2025Q1 | Target T is reported per MONTH and takes MONTH periods; 2025Q1 is a QUARTER period
            """)
    void wrongFrequencySaysWhatTheTargetTakes(Frequency target, String period, String message) {
        assertEquals(message, PeriodRules.frequency(Period.of(period), "T", target).message());
    }

    @ParameterizedTest(name = "plan 2021-2025, base year {1}: {0} {2}")
    @CsvSource(nullValues = "-", value = {
            "2021, -, true", "2025Q4, -, true", "2020, -, false", "2026, -, false",
            "2020, 2020, true", "2020Q4, 2020, true", "202012, 2020, true", "2019, 2020, false", "2019Q4, 2020, false",
            "2021, 2020, true", "2026, 2020, false",
            // a base year inside the horizon changes nothing
            "2020, 2022, false",
    })
    void aPeriodLiesWithinThePlanOrItsBaseYear(String period, Integer baselineYear, boolean taken) {
        Rejection r = PeriodRules.horizon(Period.of(period), "T", 2021, 2025, baselineYear);
        if (taken) {
            assertNull(r);
        } else {
            assertEquals("PERIOD_OUTSIDE_PLAN", r.code());
            assertTrue(r.message().contains("2021-2025"), r.message());
            assertEquals(baselineYear != null, r.message().contains("base year " + baselineYear), r.message());
        }
    }
}
