package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
                // the trend runs through the stated 2020 level (90) and the plan years: slope 1.7 a year
                Arguments.of("level rising too slowly", gradedRate, years(92, 94, 95), NEEDS_ACCELERATION, 95.0, 98.7),
                Arguments.of("decreasing is good, on pace", defectRate, years(2.8, 2.6), ON_TRACK, 2.6, 2.0),
                Arguments.of("decreasing is good, met", defectRate, years(2.5, 1.9), ACHIEVED, 1.9, null),
                Arguments.of("decreasing is good, rising", defectRate, years(3.1, 3.3), DETERIORATING, 3.3, null),
                Arguments.of("baseline equals target, below it", alreadyAtBaseline, years(99), DETERIORATING, 99.0, 95.0),
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
                // +2 points in three years from the stated 60: +3.33 by the end of 2025 at that pace
                Arguments.of("relative change in points, on pace from the base year", plusPoints, List.of(year(2023, 62)), ON_TRACK, 2.0, 3.3333),
                Arguments.of("relative change in points, too slow from the base year", plusPoints, List.of(year(2024, 61.5)), NEEDS_ACCELERATION, 1.5, 1.875),
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

    @ParameterizedTest(name = "{0} target ({1}..{2}), covered through {3}, on {4}: stale {5}")
    @CsvSource(nullValues = "null", value = {
            // a year is due by 31 March of the next year
            "YEAR,    2021, 2025, 2024-12-31, 2025-06-01, false",
            "YEAR,    2021, 2025, 2023-12-31, 2025-03-31, false",   // 2024 is due today: not yet late
            "YEAR,    2021, 2025, 2023-12-31, 2025-04-01, true",
            "YEAR,    2021, 2025, 2024-09-30, 2025-04-01, true",    // 2024 so far from Q1..Q3 does not cover 2024
            "YEAR,    2021, 2025, null,       2021-06-01, false",   // nothing due before the plan's first year is over
            "YEAR,    2021, 2025, null,       2022-04-01, true",
            "YEAR,    2018, 2020, 2020-12-31, 2026-12-06, false",   // an old plan: its last due period is its deadline year
            "YEAR,    2018, 2020, 2019-12-31, 2026-12-06, true",
            // a quarter within 30 days, a month within 15
            "QUARTER, 2021, 2025, 2025-03-31, 2025-05-01, false",
            "QUARTER, 2021, 2025, 2024-12-31, 2025-05-01, true",
            "MONTH,   2021, 2025, 2025-04-30, 2025-05-16, false",
            "MONTH,   2021, 2025, 2025-03-31, 2025-05-16, true",
    })
    void staleWhenTheLatestPeriodDueHasNoFigure(cn.fjquality.events.period.Frequency frequency, int planStart, int deadline,
                                                LocalDate coveredThrough, LocalDate today, boolean stale) {
        assertThat(ProgressCalculator.isStale(frequency, null, planStart, deadline, coveredThrough, today)).isEqualTo(stale);
    }

    @Test
    void aTargetsOwnDueOffsetMovesTheDeadline() {
        java.time.Period sixMonths = java.time.Period.ofMonths(6);
        LocalDate april = LocalDate.of(2025, 4, 1);
        LocalDate endOf2023 = LocalDate.of(2023, 12, 31);
        assertThat(ProgressCalculator.isStale(cn.fjquality.events.period.Frequency.YEAR, null, 2021, 2025, endOf2023, april)).isTrue();
        assertThat(ProgressCalculator.isStale(cn.fjquality.events.period.Frequency.YEAR, sixMonths, 2021, 2025, endOf2023, april)).isFalse();
    }

    @Test
    void theBaselineSaysWhereItComesFrom() {
        TargetSpec stated = spec(TargetKind.RATE, Comparator.GE, 100, Direction.INCREASE, 2020, 90.0, "%");
        TargetSpec baseYear = spec(TargetKind.RATE, Comparator.GE, 100, Direction.INCREASE, 2020, null, "%");
        TargetSpec none = spec(TargetKind.RATE, Comparator.GE, 100, Direction.INCREASE, null, null, "%");
        List<Observation> withBase = List.of(year(2020, 80), year(2021, 85), year(2022, 90));
        Assessment a = ProgressCalculator.assess(stated, withBase, AS_OF);
        assertThat(a.baselineSource()).isEqualTo(Assessment.BaselineSource.STATED);
        assertThat(a.baseline()).isEqualTo(90.0);
        Assessment b = ProgressCalculator.assess(baseYear, withBase, AS_OF);
        assertThat(b.baselineSource()).isEqualTo(Assessment.BaselineSource.BASE_YEAR);
        assertThat(b.baseline()).isEqualTo(80.0);
        assertThat(b.method()).contains("baseline = the 2020 figure");
        Assessment c = ProgressCalculator.assess(baseYear, withBase.subList(1, 3), AS_OF);
        assertThat(c.baselineSource()).isEqualTo(Assessment.BaselineSource.FIRST_REPORT);
        assertThat(c.baseline()).isEqualTo(85.0);
        assertThat(c.method()).contains("baseline = first report (2021), no 2020 figure known");
        assertThat(ProgressCalculator.assess(none, withBase.subList(1, 3), AS_OF).method()).contains("baseline = first report (2021)");
    }

    /**
     * A change target's trend starts at the base year's level: +2.5 points from 2020 to 2024 is +3.125 by the end of
     * 2025 at that pace. Fitted through the plan years alone, the one 2024 value gave a flat line (+2.5: "needs
     * acceleration") although the level had risen steadily since the base year.
     */
    @Test
    void aRelativeChangeIsForecastFromItsBaseYearLevel() {
        TargetSpec plus3 = spec(TargetKind.RELATIVE_CHANGE, Comparator.GE, 3, Direction.INCREASE, 2020, null, "个百分点");
        Observation base = year(2020, 6.5);
        Assessment a = ProgressCalculator.assess(plus3, List.of(base, year(2024, 9.0)), AS_OF);
        assertThat(a.actual()).isCloseTo(2.5, within(1e-9));
        assertThat(a.forecast()).isCloseTo(3.125, within(1e-4));
        assertThat(a.status()).isEqualTo(ON_TRACK);
        assertThat(a.used()).contains(base);
        assertThat(a.method()).contains("2 yearly point(s), the base year's level first");
        // A stated baseline is a level too, but not a reported value: it is in the trend, not among the values used.
        TargetSpec stated = spec(TargetKind.RELATIVE_CHANGE, Comparator.GE, 3, Direction.INCREASE, 2020, 6.5, "个百分点");
        Assessment s = ProgressCalculator.assess(stated, List.of(year(2024, 9.0)), AS_OF);
        assertThat(s.forecast()).isCloseTo(3.125, within(1e-4));
        assertThat(s.used()).extracting(Observation::period).containsExactly("2024");
        // Without a base year there is nothing to add: the plan years alone.
        TargetSpec noBaseYear = spec(TargetKind.RATE, Comparator.GE, 99, Direction.INCREASE, null, null, "%");
        assertThat(ProgressCalculator.assess(noBaseYear, List.of(year(2024, 98.0)), AS_OF).forecast()).isCloseTo(98.0, within(1e-9));
    }

    /** A cumulative sum counts a year without a value as nothing done; the method names such years. */
    @Test
    void aCumulativeSumNamesTheYearsWithoutAValue() {
        TargetSpec awards = spec(TargetKind.CUMULATIVE, Comparator.GE, 15, Direction.INCREASE, null, null, "个");
        Assessment gaps = ProgressCalculator.assess(awards, List.of(year(2021, 3), year(2024, 4), quarter(2025, 1, 1)), AS_OF);
        assertThat(gaps.actual()).isEqualTo(8.0);
        assertThat(gaps.method()).contains("sum of 3 period(s) since 2021 (no value for 2022, 2023: counted as 0)");
        assertThat(ProgressCalculator.assess(awards, years(3, 3), AS_OF).method()).doesNotContain("no value for");
    }

    @Test
    void aRelativeChangeIsMeasuredFromItsBaseYearFigureAndNeverFromAnotherYear() {
        TargetSpec plus3 = spec(TargetKind.RELATIVE_CHANGE, Comparator.GE, 3, Direction.INCREASE, 2020, null, "个百分点");
        Assessment a = ProgressCalculator.assess(plus3, List.of(year(2020, 7.5), year(2023, 9.5), year(2024, 10.1)), AS_OF);
        assertThat(a.actual()).isCloseTo(2.6, within(1e-9));
        assertThat(a.baselineSource()).isEqualTo(Assessment.BaselineSource.BASE_YEAR);
        Assessment none = ProgressCalculator.assess(plus3, List.of(year(2023, 9.5), year(2024, 10.1)), AS_OF);
        assertThat(none.status()).isEqualTo(NO_DATA);
        assertThat(none.method()).contains("report the 2020 value or set it on the target");
    }
}
