package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.events.period.Period;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScopeSeriesTest {
    static final List<String> LEAD = List.of("FJ-AMR");
    static final List<String> CITIES = List.of("FJ-FUZHOU", "FJ-XIAMEN");
    static final Instant T1 = Instant.parse("2025-01-20T00:00:00Z");
    static final Instant T2 = Instant.parse("2025-02-20T00:00:00Z");

    static ReportedValue v(String unit, String period, double value, Double num, Double den, String status, Instant at) {
        Period p = Period.of(period);
        return new ReportedValue(unit, period, p.start(), p.end(), value, num, den, status, at);
    }

    static ScopeSeries.Rules rules(Aggregation a, String unit, boolean approvedOnly) {
        return new ScopeSeries.Rules(a, unit, LEAD, CITIES, approvedOnly);
    }

    @Test
    void ratioIsSumOfNumeratorsOverSumOfDenominatorsTimes100ForPercent() {
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "%", false), List.of(
                v("FJ-FUZHOU", "2024", 97.5, 975.0, 1000.0, "SUBMITTED", T1),
                v("FJ-XIAMEN", "2024", 98.25, 1965.0, 2000.0, "APPROVED", T2)), null);
        assertThat(s.periods()).hasSize(1);
        PeriodValue p = s.periods().get(0);
        assertThat(p.value()).isCloseTo(98.0, within(1e-9));
        assertThat(p.numerator()).isEqualTo(2940.0);
        assertThat(p.denominator()).isEqualTo(3000.0);
        assertThat(p.units()).containsExactly("FJ-FUZHOU", "FJ-XIAMEN");
        assertThat(p.status()).isEqualTo(ScopeSeries.MIXED);
        assertThat(s.lastReportAt()).isEqualTo(T2);
        assertThat(s.method()).contains("Σnumerator / Σdenominator × 100");
    }

    @Test
    void valuesOfOtherUnitsThatWereNotLoadedAreCountedAsLeftOut() {
        List<ReportedValue> loaded = List.of(v("FJ-FUZHOU", "2024", 97.5, 975.0, 1000.0, "SUBMITTED", T1),
                v("FJ-FUZHOU-GULOU", "2024", 50.0, 5.0, 10.0, "SUBMITTED", T1));
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "%", false), loaded, null, 998);
        assertThat(s.periods()).hasSize(1);
        assertThat(s.periods().get(0).value()).isCloseTo(97.5, within(1e-9));
        assertThat(s.method()).contains("999 value(s) of units that are neither lead nor contributing units left out");
        assertThat(ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "%", false), loaded, null, 0).method())
                .isEqualTo(ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "%", false), loaded, null).method());
    }

    @Test
    void ratioWithoutPartsFallsBackToTheMeanAndSaysSo() {
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "%", false), List.of(
                v("FJ-FUZHOU", "2024", 97.0, 970.0, 1000.0, "SUBMITTED", T1),
                v("FJ-XIAMEN", "2024", 99.0, null, null, "SUBMITTED", T1)), null);
        assertThat(s.periods().get(0).value()).isCloseTo(98.0, within(1e-9));
        assertThat(s.method()).contains("mean of the units' values for 2024");
    }

    @Test
    void ratioOfANonPercentUnitIsNotScaled() {
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.RATIO, "件", false), List.of(
                v("FJ-FUZHOU", "2024", 20, 200.0, 10.0, "SUBMITTED", T1),
                v("FJ-XIAMEN", "2024", 10, 100.0, 10.0, "SUBMITTED", T1)), null);
        assertThat(s.periods().get(0).value()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void sumCountsOnlyLeadAndContributingUnitsPerPeriod() {
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.SUM, "项", false), List.of(
                v("FJ-FUZHOU", "2023", 1000, null, null, "SUBMITTED", T1),
                v("FJ-XIAMEN", "2023", 1100, null, null, "SUBMITTED", T1),
                v("FJ-FUZHOU", "2024", 1150, null, null, "SUBMITTED", T1),
                v("FJ-XIAMEN", "2024", 1200, null, null, "SUBMITTED", T2),
                v("FJ-FUZHOU-GULOU", "2024", 300, null, null, "SUBMITTED", T2)), null);
        assertThat(s.observations()).extracting(Observation::period).containsExactly("2023", "2024");
        assertThat(s.observations()).extracting(Observation::value).containsExactly(2100.0, 2350.0);
        assertThat(s.method()).contains("1 value(s) of units that are neither lead nor contributing units left out");
    }

    @Test
    void leadUnitOnlyTakesTheFirstLeadUnitThatReported() {
        ScopeSeries.Rules r = new ScopeSeries.Rules(Aggregation.LEAD_UNIT_ONLY, "%", List.of("FJ-AMR", "FJ-DRC"), CITIES, false);
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, r, List.of(
                v("FJ-FUZHOU", "2023", 50, null, null, "SUBMITTED", T1),
                v("FJ-DRC", "2023", 60, null, null, "SUBMITTED", T1),
                v("FJ-DRC", "2024", 62, null, null, "SUBMITTED", T1),
                v("FJ-AMR", "2024", 64, null, null, "SUBMITTED", T1),
                v("FJ-FUZHOU", "2025", 70, null, null, "SUBMITTED", T1)), null);
        assertThat(s.observations()).extracting(Observation::value).containsExactly(60.0, 64.0);
        assertThat(s.periods().get(1).units()).containsExactly("FJ-AMR");
    }

    @Test
    void aUnitScopeIsThatUnitsOwnValues() {
        ScopeSeries s = ScopeSeries.of("FJ-FUZHOU-GULOU", rules(Aggregation.SUM, "项", false), List.of(
                v("FJ-FUZHOU", "2024", 1150, null, null, "SUBMITTED", T1),
                v("FJ-FUZHOU-GULOU", "2024", 300, null, null, "APPROVED", T2)), null);
        assertThat(s.observations()).extracting(Observation::value).containsExactly(300.0);
        assertThat(s.periods().get(0).status()).isEqualTo("APPROVED");
        assertThat(s.lastReportAt()).isEqualTo(T2);
    }

    @Test
    void returnedValuesNeverCountAndApprovedOnlyKeepsOnlyApproved() {
        List<ReportedValue> values = List.of(
                v("FJ-FUZHOU", "2024", 1, null, null, "APPROVED", T1),
                v("FJ-XIAMEN", "2024", 10, null, null, "SUBMITTED", T1),
                v("FJ-AMR", "2024", 100, null, null, "RETURNED", T1));
        assertThat(ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.SUM, "项", false), values, null)
                .observations().get(0).value()).isEqualTo(11.0);
        ScopeSeries approved = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.SUM, "项", true), values, null);
        assertThat(approved.observations().get(0).value()).isEqualTo(1.0);
        assertThat(approved.method()).contains("only APPROVED values count");
    }

    @Test
    void reportedByLeavesOutValuesReportedLater() {
        List<ReportedValue> values = List.of(
                v("FJ-FUZHOU", "2023", 1, null, null, "SUBMITTED", T1),
                v("FJ-FUZHOU", "2024", 2, null, null, "SUBMITTED", T2));
        ScopeSeries s = ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.SUM, "项", false), values, T1);
        assertThat(s.observations()).extracting(Observation::period).containsExactly("2023");
        assertThat(ScopeSeries.of(ScopeSeries.PROVINCE, rules(Aggregation.SUM, "项", false), values, T1.minusSeconds(1))
                .periods()).isEmpty();
    }
}
