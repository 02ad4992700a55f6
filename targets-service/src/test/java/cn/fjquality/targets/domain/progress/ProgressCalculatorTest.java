package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.ReportingFrequency;
import cn.fjquality.targets.domain.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static cn.fjquality.targets.domain.progress.ProgressStatus.ACHIEVED;
import static cn.fjquality.targets.domain.progress.ProgressStatus.DETERIORATING;
import static cn.fjquality.targets.domain.progress.ProgressStatus.NEEDS_ACCELERATION;
import static cn.fjquality.targets.domain.progress.ProgressStatus.NO_DATA;
import static cn.fjquality.targets.domain.progress.ProgressStatus.OFF_TRACK;
import static cn.fjquality.targets.domain.progress.ProgressStatus.ON_TRACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressCalculatorTest {
    private static final LocalDate AS_OF = LocalDate.of(2025, 11, 1);

    static TargetSpec spec(TargetKind kind, Comparator cmp, double target, Direction dir, Integer baseYear, Double baseValue, String unit) {
        return new TargetSpec(kind, cmp, target, dir, baseYear, baseValue, 2021, 2025, unit);
    }

    static Observation year(int y, double v) {
        return new Observation(String.valueOf(y), LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31), v);
    }

    static Observation quarter(int y, int q, double v) {
        LocalDate start = LocalDate.of(y, 3 * q - 2, 1);
        return new Observation(y + "Q" + q, start, start.plusMonths(3).minusDays(1), v);
    }

    static List<Observation> years(double... valuesFrom2021) {
        return java.util.stream.IntStream.range(0, valuesFrom2021.length).mapToObj(i -> year(2021 + i, valuesFrom2021[i])).toList();
    }

    static Stream<Arguments> table() {
        TargetSpec foodRate = spec(TargetKind.RATE, Comparator.GE, 98.5, Direction.INCREASE, null, null, "%");
        TargetSpec gradedRate = spec(TargetKind.RATE, Comparator.GE, 100, Direction.INCREASE, 2020, 90.0, "%");
        TargetSpec defectRate = spec(TargetKind.RATE, Comparator.LE, 2.0, Direction.DECREASE, 2020, 3.0, "%");
        TargetSpec alreadyAtBaseline = spec(TargetKind.INDEX, Comparator.GE, 100, Direction.INCREASE, 2020, 100.0, "点");
        TargetSpec awards = spec(TargetKind.CUMULATIVE, Comparator.GE, 15, Direction.INCREASE, null, null, "个");
        TargetSpec standards = spec(TargetKind.CUMULATIVE, Comparator.GT, 2400, Direction.INCREASE, null, null, "项");
        TargetSpec perYear = spec(TargetKind.ANNUAL, Comparator.GE, 25, Direction.INCREASE, null, null, "项");
        TargetSpec plusPoints = spec(TargetKind.RELATIVE_CHANGE, Comparator.GE, 3, Direction.INCREASE, 2020, 60.0, "个百分点");
        TargetSpec cutPercent = spec(TargetKind.RELATIVE_CHANGE, Comparator.GE, 2, Direction.DECREASE, 2020, null, "%");
        return Stream.of(
                Arguments.of("level already met", foodRate, years(98.7), ACHIEVED, 98.7, 98.7),
                Arguments.of("level, one point, no baseline", foodRate, years(98.2), OFF_TRACK, 98.2, 98.2),
                Arguments.of("level rising fast enough", foodRate, years(97.0, 97.5, 98.0), ON_TRACK, 98.0, 99.0),
                Arguments.of("level falling", foodRate, years(98.0, 97.5, 97.0), DETERIORATING, 97.0, 96.0),
                Arguments.of("level rising too slowly", gradedRate, years(92, 94, 95), NEEDS_ACCELERATION, 95.0, 98.1667),
                Arguments.of("decreasing is good, on pace", defectRate, years(2.8, 2.6), ON_TRACK, 2.6, 2.0),
                Arguments.of("decreasing is good, met", defectRate, years(2.5, 1.9), ACHIEVED, 1.9, null),
                Arguments.of("decreasing is good, rising", defectRate, years(3.1, 3.3), DETERIORATING, 3.3, null),
                Arguments.of("baseline equals target, below it", alreadyAtBaseline, years(99), DETERIORATING, 99.0, 99.0),
                Arguments.of("baseline equals target, at it", alreadyAtBaseline, years(100), ACHIEVED, 100.0, 100.0),
                Arguments.of("cumulative on pace", awards, years(3, 3, 3), ON_TRACK, 9.0, 15.0),
                Arguments.of("cumulative too slow", awards, years(2, 2), NEEDS_ACCELERATION, 4.0, 10.0),
                Arguments.of("cumulative far behind", awards, years(1, 1, 1, 1), OFF_TRACK, 4.0, 5.0),
                Arguments.of("cumulative met early", awards, years(10, 6), ACHIEVED, 16.0, null),
                Arguments.of("cumulative GT: equal is not enough", standards, List.of(year(2021, 2400)), ON_TRACK, 2400.0, null),
                Arguments.of("cumulative GT: above", standards, List.of(year(2021, 2401)), ACHIEVED, 2401.0, null),
                Arguments.of("annual met last year", perYear, List.of(year(2023, 26)), ACHIEVED, 26.0, 26.0),
                Arguments.of("annual judged on the latest year", perYear, List.of(year(2023, 26), year(2024, 20)), NEEDS_ACCELERATION, 20.0, 20.0),
                Arguments.of("annual, year in progress", perYear, List.of(quarter(2025, 1, 5), quarter(2025, 2, 6)), NEEDS_ACCELERATION, 11.0, 22.18),
                Arguments.of("relative change in points", plusPoints, List.of(year(2023, 62)), NEEDS_ACCELERATION, 2.0, 2.0),
                Arguments.of("relative cut in percent, baseline reported", cutPercent, List.of(year(2020, 100), year(2023, 97)), ACHIEVED, 3.0, null),
                Arguments.of("relative change, baseline unknown", cutPercent, List.of(year(2023, 97)), NO_DATA, null, null),
                Arguments.of("nothing reported", foodRate, List.of(), NO_DATA, null, null),
                Arguments.of("after the deadline or after as-of: ignored", foodRate, List.of(year(2026, 99.9)), NO_DATA, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void assesses(String name, TargetSpec spec, List<Observation> observations, ProgressStatus status, Double actual, Double forecast) {
        Assessment a = ProgressCalculator.assess(spec, observations, AS_OF);
        assertThat(a.status()).as(name + ": " + a).isEqualTo(status);
        if (actual == null) {
            assertThat(a.actual()).as(name).isNull();
        } else {
            assertThat(a.actual()).as(name).isCloseTo(actual, within(0.01));
        }
        if (forecast != null) {
            assertThat(a.forecast()).as(name).isCloseTo(forecast, within(0.01));
        }
        if (status != NO_DATA) {
            assertThat(a.method()).as(name).isNotBlank();
            assertThat(a.used()).as(name).isNotEmpty();
        }
    }

    @Test
    void gapPercentAndRatioAreReported() {
        TargetSpec awards = spec(TargetKind.CUMULATIVE, Comparator.GE, 15, Direction.INCREASE, null, null, "个");
        Assessment a = ProgressCalculator.assess(awards, years(3, 3), AS_OF);
        assertThat(a.actual()).isEqualTo(6.0);
        assertThat(a.gap()).isEqualTo(9.0);
        assertThat(a.percentOfTarget()).isCloseTo(40.0, within(1e-9));
        assertThat(a.forecast()).isCloseTo(15.0, within(0.01));
        assertThat(a.progressRatio()).isCloseTo(1.0, within(0.001));
        assertThat(a.status()).isEqualTo(ON_TRACK);
    }

    @Test
    void trendUsesOnlyTheLastFiveYearlyPointsAndTheLastValueOfEachYear() {
        List<Observation> quarterly = Arrays.asList(quarter(2021, 1, 10), quarter(2021, 4, 90.0), quarter(2022, 4, 92.0));
        assertThat(ProgressCalculator.lastPerYear(quarterly)).extracting(Observation::value).containsExactly(90.0, 92.0);
        List<Observation> many = java.util.stream.IntStream.rangeClosed(2015, 2024).mapToObj(y -> year(y, y)).toList();
        assertThat(ProgressCalculator.lastPerYear(many)).extracting(Observation::year).containsExactly(2020, 2021, 2022, 2023, 2024);
    }

    @ParameterizedTest(name = "{1} {0} {2} -> {3}")
    @CsvSource({
            "GE, 98.5, 98.5, true", "GE, 98.4, 98.5, false",
            "GT, 2400, 2400, false", "GT, 2401, 2400, true",
            "LE, 2.0, 2.0, true", "LE, 2.1, 2.0, false",
            "LT, 2.0, 2.0, false", "LT, 1.9, 2.0, true",
            "EQ, 100, 100, true", "EQ, 99.9, 100, false"})
    void comparators(Comparator comparator, double actual, double target, boolean satisfied) {
        assertThat(ProgressCalculator.satisfies(comparator, actual, target)).isEqualTo(satisfied);
    }

    @ParameterizedTest(name = "P={0} -> {1}")
    @CsvSource({"1.2, ON_TRACK", "0.95, ON_TRACK", "0.9499, NEEDS_ACCELERATION", "0.6, NEEDS_ACCELERATION",
            "0.5999, OFF_TRACK", "0, OFF_TRACK", "-0.01, DETERIORATING"})
    void thresholds(double p, ProgressStatus status) {
        assertThat(ProgressCalculator.byRatio(p)).isEqualTo(status);
    }

    @Test
    void staleWhenNothingArrivedWithinTheFrequencyPlusGrace() {
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        Duration grace = Duration.ofDays(90);
        assertThat(ProgressCalculator.isStale(ReportingFrequency.YEAR, Instant.parse("2024-01-01T00:00:00Z"), now, grace)).isTrue();
        assertThat(ProgressCalculator.isStale(ReportingFrequency.YEAR, Instant.parse("2024-06-01T00:00:00Z"), now, grace)).isFalse();
        assertThat(ProgressCalculator.isStale(ReportingFrequency.QUARTER, Instant.parse("2025-01-15T00:00:00Z"), now, Duration.ofDays(30))).isTrue();
        assertThat(ProgressCalculator.isStale(ReportingFrequency.MONTH, null, now, grace)).isTrue();
    }
}
