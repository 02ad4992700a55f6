package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.Comparator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static cn.fjquality.targets.domain.progress.ProgressStatus.ACHIEVED;
import static cn.fjquality.targets.domain.progress.ProgressStatus.NO_DATA;
import static cn.fjquality.targets.domain.progress.ProgressStatus.OFF_TRACK;
import static cn.fjquality.targets.domain.progress.ProgressStatus.ON_TRACK;
import static org.assertj.core.api.Assertions.assertThat;

class CoverageRuleTest {
    static Figure figure(FigureSource source, Integer covered, Integer of) {
        return new Figure("FJ", "2024", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), LocalDate.of(2024, 12, 31), 99.0,
                null, null, source, List.of(), List.of(), covered == null ? null : new Coverage(covered, of), null, List.of(), List.of(),
                "SUBMITTED", null);
    }

    static Assessment judged(ProgressStatus status) {
        return new Assessment(status, 99.0, -0.5, 100.5, 99.0, 1.2, 90.0, Assessment.BaselineSource.FIRST_REPORT, "latest level 2024",
                List.of());
    }

    static Stream<Arguments> table() {
        Figure oneOfTen = figure(FigureSource.ROLLED_UP, 1, 10);
        Figure fiveOfTen = figure(FigureSource.ROLLED_UP, 5, 10);
        Figure allTen = figure(FigureSource.ROLLED_UP, 10, 10);
        Figure reported = figure(FigureSource.REPORTED, null, null);
        return Stream.of(
                // a ratio is an estimate of the whole: judged from half of the places up
                Arguments.of("ratio from 1 of 10 places", Aggregation.RATIO, Comparator.GE, ACHIEVED, oneOfTen, NO_DATA),
                Arguments.of("ratio from 5 of 10 places", Aggregation.RATIO, Comparator.GE, ACHIEVED, fiveOfTen, ACHIEVED),
                Arguments.of("ratio from every place", Aggregation.RATIO, Comparator.GE, OFF_TRACK, allTen, OFF_TRACK),
                // a sum over some places is part of the total: it proves "at least" met, nothing else
                Arguments.of("sum from 1 of 10 already meets an at-least target", Aggregation.SUM, Comparator.GE, ACHIEVED, oneOfTen, ACHIEVED),
                Arguments.of("sum from 9 of 10 below an at-least target", Aggregation.SUM, Comparator.GE, OFF_TRACK, figure(FigureSource.ROLLED_UP, 9, 10), NO_DATA),
                Arguments.of("sum from 5 of 10 on track", Aggregation.SUM, Comparator.GE, ON_TRACK, fiveOfTen, NO_DATA),
                Arguments.of("sum from 5 of 10 under an at-most cap proves nothing", Aggregation.SUM, Comparator.LE, ACHIEVED, fiveOfTen, NO_DATA),
                Arguments.of("sum from every place", Aggregation.SUM, Comparator.GE, OFF_TRACK, allTen, OFF_TRACK),
                // figures that are not roll-ups are never touched
                Arguments.of("reported figure", Aggregation.SUM, Comparator.GE, OFF_TRACK, reported, OFF_TRACK),
                Arguments.of("derived figure", Aggregation.RATIO, Comparator.GE, ON_TRACK, figure(FigureSource.DERIVED, null, null), ON_TRACK),
                Arguments.of("no figure", Aggregation.RATIO, Comparator.GE, ON_TRACK, null, ON_TRACK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void judgesOnlyWhatThePlacesThatReportedCanShow(String name, Aggregation aggregation, Comparator comparator,
                                                    ProgressStatus before, Figure latest, ProgressStatus after) {
        Assessment a = CoverageRule.apply(judged(before), aggregation, comparator, true, latest, 0.5);
        assertThat(a.status()).as(name).isEqualTo(after);
        assertThat(a.actual()).as(name + ": the figure stays visible").isEqualTo(99.0);
        assertThat(a.forecast()).as(name).isEqualTo(99.0);
        if (after == NO_DATA) {
            assertThat(a.gap()).as(name).isNull();
            assertThat(a.percentOfTarget()).as(name).isNull();
            assertThat(a.progressRatio()).as(name).isNull();
            assertThat(a.method()).as(name).contains("not judged: rolled up from");
        }
    }

    @org.junit.jupiter.api.Test
    void aSumThatCanBeNegativeProvesNothingFromPartOfThePlaces() {
        Assessment a = CoverageRule.apply(judged(ACHIEVED), Aggregation.SUM, Comparator.GE, false, figure(FigureSource.ROLLED_UP, 1, 10), 0.5);
        assertThat(a.status()).isEqualTo(NO_DATA);
        Assessment kept = CoverageRule.apply(judged(ACHIEVED), Aggregation.SUM, Comparator.GE, true, figure(FigureSource.ROLLED_UP, 1, 10), 0.5);
        assertThat(kept.method()).contains("achieved by the places that reported (rolled up from 1 of 10 places below)");
    }
}
