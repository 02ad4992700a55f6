package cn.fjquality.targets.domain.progress;

import cn.fjquality.events.period.Period;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static cn.fjquality.targets.domain.progress.RollUpFixture.T1;
import static cn.fjquality.targets.domain.progress.RollUpFixture.T2;
import static cn.fjquality.targets.domain.progress.RollUpFixture.at;
import static cn.fjquality.targets.domain.progress.RollUpFixture.rate;
import static cn.fjquality.targets.domain.progress.RollUpFixture.rollUp;
import static cn.fjquality.targets.domain.progress.RollUpFixture.rules;
import static cn.fjquality.targets.domain.progress.RollUpFixture.v;
import static cn.fjquality.targets.domain.progress.RollUpFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RollUpTest {
    static final RollUpRules SUM_LEVEL = rules(Aggregation.SUM, TargetKind.LEVEL, "项");
    static final RollUpRules SUM_FLOW = rules(Aggregation.SUM, TargetKind.CUMULATIVE, "个");
    static final RollUpRules RATIO = rules(Aggregation.RATIO, TargetKind.RATE, "%");
    static final RollUpRules LEAD_ONLY = rules(Aggregation.LEAD_UNIT_ONLY, TargetKind.INDEX, "点");
    static final Period Y2024 = Period.of("2024");

    /** The double count the province showed: the lead's province-wide 2460 plus the cities' shares. */
    @Test
    void theLeadsProvinceFigureIsTheProvincesNotAddedToTheCitiesShares() {
        RollUp r = rollUp(SUM_LEVEL, v("FJ-AMR", "2024", 2460), v("FJ-XIAMEN", "2024", 300), v("FJ-FUZHOU", "2024", 280));
        Figure province = r.figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(2460);
        assertThat(province.source()).isEqualTo(FigureSource.REPORTED);
        assertThat(province.reportedBy()).containsExactly("FJ-AMR");
        Check c = province.checks().get(0);
        assertThat(c.kind()).isEqualTo(Check.Kind.PLACES);
        assertThat(c.derived()).isEqualTo(580);
        assertThat(c.difference()).isEqualTo(1880);
        assertThat(c.coverage()).isEqualTo(new Coverage(2, 3));
        assertThat(c.flagged()).isFalse(); // two of three cities' shares: a difference is expected
        assertThat(r.figure("FJ-XIAMEN", Y2024).value()).isEqualTo(300);
    }

    @Test
    void withoutTheLeadsFigureTheProvinceIsTheRollUpOfItsCitiesWithCoverage() {
        Figure province = rollUp(SUM_LEVEL, v("FJ-XIAMEN", "2024", 300), v("FJ-FUZHOU", "2024", 280)).figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(580);
        assertThat(province.source()).isEqualTo(FigureSource.ROLLED_UP);
        assertThat(province.rolledUpFrom()).containsExactly("FJ-FUZHOU", "FJ-XIAMEN");
        assertThat(province.places()).isEqualTo(new Coverage(2, 3));
        assertThat(province.checks()).isEmpty();
    }

    @Test
    void aCityRollsUpFromItsCountiesAndTheProvinceFromThatCity() {
        RollUp r = rollUp(SUM_LEVEL, v("FJ-FUZHOU-GULOU", "2024", 40), v("FJ-FUZHOU-TAIJIANG", "2024", 60));
        Figure fuzhou = r.figure("FJ-FUZHOU", Y2024);
        assertThat(fuzhou.value()).isEqualTo(100);
        assertThat(fuzhou.source()).isEqualTo(FigureSource.ROLLED_UP);
        assertThat(fuzhou.places()).isEqualTo(new Coverage(2, 2)); // the county gone in 2020 does not count in 2024
        Figure province = r.figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(100);
        assertThat(province.places()).isEqualTo(new Coverage(1, 3));
        assertThat(r.series("FJ-FUZHOU")).extracting(Figure::period).containsExactly("2024");
    }

    @Test
    void aCitysOwnFigureTakesPrecedenceOverItsCountiesAndACompleteRollUpThatDiffersIsFlagged() {
        RollUp r = rollUp(SUM_LEVEL, v("FJ-FUZHOU", "2024", 280), v("FJ-FUZHOU-GULOU", "2024", 40),
                v("FJ-FUZHOU-TAIJIANG", "2024", 60), v("FJ-XIAMEN", "2024", 300));
        Figure fuzhou = r.figure("FJ-FUZHOU", Y2024);
        assertThat(fuzhou.value()).isEqualTo(280);
        assertThat(fuzhou.source()).isEqualTo(FigureSource.REPORTED);
        assertThat(fuzhou.flagged()).isTrue();
        assertThat(fuzhou.checks().get(0).note()).contains("all 2 places below differs");
        // The province adds Fuzhou's own 280, not 280 + 100.
        assertThat(r.figure("FJ", Y2024).value()).isEqualTo(580);
    }

    @Test
    void partialSharesExceedingTheReportedWholeAreFlagged() {
        Figure province = rollUp(SUM_LEVEL, v("FJ-AMR", "2024", 500), v("FJ-XIAMEN", "2024", 300), v("FJ-FUZHOU", "2024", 280))
                .figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(500);
        assertThat(province.flagged()).isTrue();
        assertThat(province.checks().get(0).note()).contains("only 2 of 3 places below already exceed");
    }

    @Test
    void aRatioIsTheSumOfNumeratorsOverTheSumOfDenominatorsOfTheFiguresCarryingBothNeverAMeanOfRates() {
        // Pingtan reports a rate without its counts: it cannot be weighted, so it is left out and coverage says so.
        Figure province = rollUp(RATIO, rate("FJ-FUZHOU", "2024", 975, 1000), rate("FJ-XIAMEN", "2024", 1965, 2000),
                at("FJ-PINGTAN", "FJ-PINGTAN", "2024", 50.0, null, null)).figure("FJ", Y2024);
        assertThat(province.value()).isCloseTo(98.0, within(1e-9)); // 2940 / 3000; the mean of the three rates would be 81.9
        assertThat(province.numerator()).isEqualTo(2940.0);
        assertThat(province.denominator()).isEqualTo(3000.0);
        assertThat(province.places()).isEqualTo(new Coverage(2, 3));
        assertThat(province.rolledUpFrom()).containsExactly("FJ-FUZHOU", "FJ-XIAMEN");
    }

    @Test
    void aRatioWhereNoFigureCarriesItsPartsHasNoRollUp() {
        RollUp r = rollUp(RATIO, at("FJ-FUZHOU", "FJ-FUZHOU", "2024", 97.0, null, null), at("FJ-XIAMEN", "FJ-XIAMEN", "2024", 99.0, null, null));
        assertThat(r.figure("FJ", Y2024)).isNull();
        assertThat(r.figure("FJ-FUZHOU", Y2024).value()).isEqualTo(97.0);
    }

    @Test
    void aLevelReportedOnlyByTheLeadIsNotRolledUp() {
        RollUp r = rollUp(LEAD_ONLY, v("FJ-FUZHOU", "2024", 84), v("FJ-XIAMEN", "2024", 88));
        assertThat(r.figure("FJ", Y2024)).isNull();
        assertThat(r.series("FJ")).isEmpty();
        assertThat(rollUp(LEAD_ONLY, v("FJ-AMR", "2024", 86.1), v("FJ-XIAMEN", "2024", 88)).figure("FJ", Y2024).value()).isEqualTo(86.1);
    }

    @Test
    void underLeadFigureTheLeadUnitsFigureForAPlaceComesFirstAndTheOthersAreKeptBesideIt() {
        RollUp r = rollUp(SUM_LEVEL, at("FJ-AMR", "FJ-FUZHOU", "2024", 281, null, null), v("FJ-FUZHOU", "2024", 280),
                at("FZ-AMR", "FJ-FUZHOU", "2024", 279, null, null), v("FJ", "2024", 2500), v("FJ-AMR", "2024", 2460));
        Figure fuzhou = r.figure("FJ-FUZHOU", Y2024);
        assertThat(fuzhou.value()).isEqualTo(281);
        assertThat(fuzhou.reportedBy()).containsExactly("FJ-AMR");
        // then the place's own unit, then the rest by code
        assertThat(fuzhou.otherReports()).extracting(OtherReport::unit).containsExactly("FJ-FUZHOU", "FZ-AMR");
        Figure province = r.figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(2460);
        assertThat(province.otherReports()).containsExactly(new OtherReport("FJ", 2500));
    }

    @Test
    void underSumOfSharesTheReportersFiguresForOnePlaceAddUp() {
        RollUpRules shares = rules(Aggregation.SUM, TargetKind.CUMULATIVE, "批", DepartmentFigures.SUM_OF_SHARES);
        Figure province = rollUp(shares, v("FZ-CUSTOMS", "2024", 30), v("XM-CUSTOMS", "2024", 20)).figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(50);
        assertThat(province.source()).isEqualTo(FigureSource.REPORTED);
        assertThat(province.reportedBy()).containsExactly("FZ-CUSTOMS", "XM-CUSTOMS");
        // the same figures under LEAD_FIGURE: one of them (neither is a lead unit: by code), the other beside it
        Figure lead = rollUp(SUM_FLOW, v("FZ-CUSTOMS", "2024", 30), v("XM-CUSTOMS", "2024", 20)).figure("FJ", Y2024);
        assertThat(lead.value()).isEqualTo(30);
        assertThat(lead.otherReports()).containsExactly(new OtherReport("XM-CUSTOMS", 20));
    }

    @Test
    void sharesOfARatioTakeTheSumsOfTheirParts() {
        RollUpRules shares = rules(Aggregation.RATIO, TargetKind.RATE, "%", DepartmentFigures.SUM_OF_SHARES);
        Figure province = rollUp(shares, at("FZ-CUSTOMS", "FJ", "2024", 90, 90.0, 100.0), at("XM-CUSTOMS", "FJ", "2024", 99, 297.0, 300.0),
                at("FJ-AMR", "FJ", "2024", 50, null, null)).figure("FJ", Y2024);
        assertThat(province.value()).isCloseTo(96.75, within(1e-9));
        assertThat(province.otherReports()).containsExactly(new OtherReport("FJ-AMR", 50));
    }

    @ParameterizedTest(name = "{0} {1}: {2} → {3} ({4}, {5} of 12 months, through {6})")
    @CsvSource(delimiter = '|', value = {
            // flows add up
            "SUM   | CUMULATIVE | 2024Q1=10 2024Q2=20 2024Q3=30 2024Q4=40 | 100  | DERIVED  | 12 | 2024-12-31",
            "SUM   | CUMULATIVE | 2024Q1=10 2024Q2=20 2024Q3=30           | 60   | DERIVED  | 9  | 2024-09-30",
            "SUM   | ANNUAL     | 2024S1=50 202407=5 202408=5             | 60   | DERIVED  | 8  | 2024-08-31",
            // levels take the latest part
            "SUM   | LEVEL      | 2024Q1=2400 2024Q2=2410 2024Q3=2450     | 2450 | DERIVED  | 9  | 2024-09-30",
            "SUM   | LEVEL      | 202403=2400 2024S2=2470                 | 2470 | DERIVED  | 12 | 2024-12-31",
            // the year reported directly takes precedence
            "SUM   | CUMULATIVE | 2024=100 2024Q1=10 2024Q2=20             | 100  | REPORTED | -1 | 2024-12-31",
    })
    void finerPeriodsMakeUpTheYear(Aggregation aggregation, TargetKind kind, String values, double expected, FigureSource source,
                                   int months, LocalDate through) {
        List<ReportedValue> vs = new ArrayList<>();
        for (String pair : values.trim().split(" ")) {
            String[] kv = pair.split("=");
            vs.add(v("FJ-AMR", kv[0], Double.parseDouble(kv[1])));
        }
        Figure year = RollUp.of(RollUpFixture.TREE, rules(aggregation, kind, "个"), vs, RollUp.Filter.ALL).figure("FJ", Y2024);
        assertThat(year.value()).isEqualTo(expected);
        assertThat(year.source()).isEqualTo(source);
        assertThat(year.coveredThrough()).isEqualTo(through);
        if (months >= 0) {
            assertThat(year.months().covered()).isEqualTo(months);
            assertThat(year.months().of()).isEqualTo(12);
        }
    }

    @Test
    void quarterlyRatesMakeUpTheYearsRateFromTheirCounts() {
        Figure year = rollUp(RATIO, rate("FJ-AMR", "2024Q1", 98, 100), rate("FJ-AMR", "2024Q2", 196, 200),
                at("FJ-AMR", "FJ-AMR", "2024Q3", 10.0, null, null)).figure("FJ", Y2024);
        assertThat(year.value()).isCloseTo(98.0, within(1e-9)); // 294 / 300; Q3 without counts cannot be weighted
        assertThat(year.months()).isEqualTo(new Coverage(6, 12));
    }

    @Test
    void aYearReportedBesideItsCompleteQuartersIsCheckedAgainstThem() {
        Figure year = rollUp(SUM_FLOW, v("FJ-AMR", "2024", 100), v("FJ-AMR", "2024Q1", 20), v("FJ-AMR", "2024Q2", 20),
                v("FJ-AMR", "2024Q3", 20), v("FJ-AMR", "2024Q4", 30)).figure("FJ", Y2024);
        assertThat(year.value()).isEqualTo(100);
        Check c = year.checks().get(0);
        assertThat(c.kind()).isEqualTo(Check.Kind.PERIODS);
        assertThat(c.derived()).isEqualTo(90);
        assertThat(c.flagged()).isTrue(); // 10 % apart
    }

    @Test
    void citiesYearsFromTheirQuartersRollUpToTheProvince() {
        RollUp r = rollUp(SUM_FLOW, v("FJ-FUZHOU", "2024Q1", 1), v("FJ-FUZHOU", "2024Q2", 2), v("FJ-XIAMEN", "2024", 10));
        Figure province = r.figure("FJ", Y2024);
        assertThat(province.value()).isEqualTo(13);
        assertThat(province.source()).isEqualTo(FigureSource.ROLLED_UP);
        assertThat(province.coveredThrough()).isEqualTo(LocalDate.of(2024, 6, 30)); // as far as every part speaks
        assertThat(r.figure("FJ-FUZHOU", Y2024).source()).isEqualTo(FigureSource.DERIVED);
    }

    @Test
    void returnedNotApprovedLaterAndUnplacedValuesDoNotCount() {
        List<ReportedValue> values = List.of(
                value("FJ-FUZHOU", "FJ-FUZHOU", "2024", 100, null, null, "RETURNED", T1),
                value("FJ-XIAMEN", "FJ-XIAMEN", "2024", 10, null, null, "SUBMITTED", T1),
                value("FJ-PINGTAN", "FJ-PINGTAN", "2024", 1, null, null, "APPROVED", T2),
                value("FJ-NEVER-HEARD-OF", "FJ-NEVER-HEARD-OF", "2024", 1000, null, null, "APPROVED", T1),
                value("FJ-AMR", "FJ", "2024Q1", 1000, null, null, "APPROVED", T1));
        RollUpRules quarterly = new RollUpRules(Aggregation.SUM, TargetKind.LEVEL, "项", cn.fjquality.events.period.Frequency.QUARTER,
                List.of("FJ-AMR"), RollUpFixture.CITIES, DepartmentFigures.LEAD_FIGURE, 0.05);
        RollUp all = RollUp.of(RollUpFixture.TREE, SUM_LEVEL, values, RollUp.Filter.ALL);
        assertThat(all.figure("FJ", Y2024).value()).isEqualTo(1000); // the department's Q1 level: the province's own
        assertThat(all.figure("FJ-FUZHOU", Y2024)).isNull();
        assertThat(all.notes()).contains("1 value(s) of units or places not in the registry left out");
        RollUp approved = RollUp.of(RollUpFixture.TREE, SUM_LEVEL, values, new RollUp.Filter(true, null));
        assertThat(approved.figure("FJ-XIAMEN", Y2024)).isNull();
        RollUp byT1 = RollUp.of(RollUpFixture.TREE, SUM_LEVEL, values, new RollUp.Filter(false, T1));
        assertThat(byT1.figure("FJ-PINGTAN", Y2024)).isNull();
        RollUp coarse = RollUp.of(RollUpFixture.TREE, quarterly, values, RollUp.Filter.ALL);
        assertThat(coarse.notes()).contains("2 value(s) of periods coarser than QUARTER left out");
        assertThat(coarse.series("FJ")).extracting(Figure::period).containsExactly("2024Q1");
    }

    @Test
    void aValueStoredWithoutItsPlaceDescribesTheReportingUnitsPlace() {
        // Events written before values named places carry the unit's code; the registry resolves it when read.
        RollUp r = rollUp(SUM_LEVEL, v("FZ-AMR", "2024", 7), v("FJ-AMR", "2024", 2460));
        assertThat(r.figure("FJ-FUZHOU", Y2024).value()).isEqualTo(7);
        assertThat(r.figure("FJ-FUZHOU", Y2024).reportedBy()).containsExactly("FZ-AMR");
        assertThat(r.figure("FJ", Y2024).value()).isEqualTo(2460);
    }

    @Test
    void theSeriesIsInPeriodOrderAtTheTargetsFrequency() {
        RollUp r = rollUp(SUM_FLOW, v("FJ-AMR", "2023", 5), v("FJ-AMR", "2024Q1", 1), v("FJ-AMR", "2022", 3));
        assertThat(r.series("FJ")).extracting(Figure::period).containsExactly("2022", "2023", "2024");
        assertThat(Arrays.asList(r.series("FJ").get(2).source(), r.series("FJ").get(2).lastReportAt()))
                .containsExactly(FigureSource.DERIVED, Instant.parse("2025-01-20T00:00:00Z"));
    }
}
