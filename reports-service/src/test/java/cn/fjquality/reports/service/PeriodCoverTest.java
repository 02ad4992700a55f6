package cn.fjquality.reports.service;

import cn.fjquality.events.period.Period;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodCoverTest {
    static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");

    /** "2025Q1@3 2025Q2@1": each value's first submission, as days after DAY0. */
    static Map<Period, Instant> values(String spec) {
        Map<Period, Instant> m = new HashMap<>();
        if (spec != null) {
            for (String v : spec.trim().split("\\s+")) {
                String[] pa = v.split("@");
                m.put(Period.of(pa[0]), DAY0.plusSeconds(86_400L * Integer.parseInt(pa[1])));
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0} from [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            2025   | -                                                           | -
            2025   | 2025@5                                                      | PERIOD@5
            2025   | 2025Q1@1 2025Q2@2 2025Q3@3 2025Q4@4                         | PARTS@4
            2025   | 2025Q1@1 2025Q2@2 2025Q3@3                                  | -
            2025   | 2025Q1@1 2025Q2@2 2025Q4@4 202407@1 202601@1 2024Q3@1        | -
            2025   | 2025S1@2 202507@1 202508@1 202509@1 202510@1 202511@1 202512@7 | PARTS@7
            2025   | 2025S1@2 202507@1 202508@1 202509@1 202510@1 202511@1       | -
            2025   | 2025S1@2 2025Q3@3 202510@1 202511@1 202512@1                | PARTS@3
            2025   | 2025Q1@1 2025Q2@2 2025Q3@3 2025Q4@4 2025@9                  | PARTS@4
            2025   | 2025Q1@1 2025Q2@2 2025Q3@3 2025Q4@4 2025@4                  | PERIOD@4
            2025   | 2025Q1@1 2025Q2@2 2025Q3@3 2025Q4@4 2025@2                  | PERIOD@2
            2025   | 2025Q1@9 2025Q2@2 2025Q3@3 2025Q4@4 2025S1@1                | PARTS@4
            2025   | 2025Q1@9 2025S1@1 202507@5 2025Q3@3 2025S2@8 2025Q4@4       | PARTS@4
            2025S2 | 2025Q3@1 202510@2 202511@3 202512@6                         | PARTS@6
            2025S2 | 2025Q3@1 202510@2 202511@3                                  | -
            2025Q4 | 202510@2 202511@3 202512@1                                  | PARTS@3
            2025Q4 | 2025Q4@1 202510@2 202511@3 202512@1                         | PERIOD@1
            202512 | 202512@4                                                    | PERIOD@4
            202512 | 2025Q4@4                                                    | -
            """)
    void aPeriodIsReportedByItselfOrByPartsThatCoverIt(String period, String submitted, String expected) {
        Optional<PeriodCover.Arrival> a = PeriodCover.arrival(Period.of(period), values(submitted));
        String got = a.map(x -> x.as() + "@" + (x.at().getEpochSecond() - DAY0.getEpochSecond()) / 86_400).orElse(null);
        assertEquals(expected, got);
    }
}
