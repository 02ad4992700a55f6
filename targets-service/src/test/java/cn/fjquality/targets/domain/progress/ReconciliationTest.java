package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    static Figure rolled(double value, int covered, int of) {
        LocalDate end = LocalDate.of(2024, 12, 31);
        return new Figure("FJ", "2024", LocalDate.of(2024, 1, 1), end, end, value, null, null, FigureSource.ROLLED_UP, List.of(),
                List.of(), new Coverage(covered, of), null, List.of(), List.of(), "SUBMITTED", null);
    }

    static Figure derived(double value, int months, LocalDate through) {
        return new Figure("FJ", "2024", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), through, value, null, null,
                FigureSource.DERIVED, List.of(), List.of(), null, new Coverage(months, 12), List.of(), List.of(), "SUBMITTED", null);
    }

    @ParameterizedTest(name = "reported {0}, roll-up {1} of {2}/{3} places ({4}): flagged {5}")
    @CsvSource({
            // complete roll-ups must agree within 5 %
            "2460, 2460,  10, 10, SUM,   false",
            "2460, 2400,  10, 10, SUM,   false",   // 2.4 %
            "2460, 2300,  10, 10, SUM,   true",    // 6.5 %
            "2460, 2600,  10, 10, SUM,   true",
            "98.5, 97.9,  10, 10, RATIO, false",
            "98.5, 90.0,  10, 10, RATIO, true",
            "0,    0,     10, 10, SUM,   false",
            "0,    3,     10, 10, SUM,   true",
            // partial: a difference is expected, unless the shares of some exceed the whole
            "2460, 580,    2, 10, SUM,   false",
            "2460, 2700,   9, 10, SUM,   true",
            "2460, 2550,   9, 10, SUM,   false",   // within the tolerance above the whole
            "98.5, 80.0,   2, 10, RATIO, false",
            "98.5, 99.9,   2, 10, RATIO, false",   // a partial rate may well be above the whole
    })
    void reportedAgainstItsRollUp(double reported, double rolledUp, int covered, int of, Aggregation aggregation, boolean flagged) {
        Check c = Reconciliation.places(reported, rolled(rolledUp, covered, of), aggregation, 0.05);
        assertThat(c.flagged()).isEqualTo(flagged);
        assertThat(c.difference()).isEqualTo(reported - rolledUp);
        assertThat(c.coverage()).isEqualTo(new Coverage(covered, of));
        assertThat(c.note()).isNotBlank();
    }

    @ParameterizedTest(name = "reported {0}, finer periods {1} over {2} months through {3} ({4}): flagged {5}")
    @CsvSource({
            "100, 100, 12, 2024-12-31, FLOW,  false",
            "100, 90,  12, 2024-12-31, FLOW,  true",
            "100, 60,   9, 2024-09-30, FLOW,  false",   // three quarters of a flow: expected to be less
            "2460, 2450, 9, 2024-09-30, STOCK, false",  // a level at 30 September is not the year-end level
            "2460, 2000, 9, 2024-12-31, STOCK, true",   // the last part ends with the year: it should agree
            "98.5, 98.4, 12, 2024-12-31, RATIO, false",
    })
    void reportedAgainstItsFinerPeriods(double reported, double fromParts, int months, LocalDate through,
                                        RollUpRules.Temporal temporal, boolean flagged) {
        Check c = Reconciliation.periods(reported, derived(fromParts, months, through), temporal, 0.05);
        assertThat(c.kind()).isEqualTo(Check.Kind.PERIODS);
        assertThat(c.flagged()).isEqualTo(flagged);
    }
}
