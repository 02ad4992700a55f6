package cn.fjquality.targets.rest;

import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.progress.Check;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.domain.progress.ProgressCalculator;
import cn.fjquality.targets.service.ProgressQueries.ProgressDetail;
import cn.fjquality.targets.service.ProgressQueries.ProgressView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static cn.fjquality.targets.messaging.ProgressEvents.decimal;

/** What the progress endpoints return (numbers as decimals with at most 6 places). */
public final class ProgressDtos {
    static final String[] STATUSES = {"ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION", "OFF_TRACK", "DETERIORATING", "NO_DATA",
            "NOT_APPLICABLE"};

    private ProgressDtos() {
    }

    @Schema(name = "ProgressRow", description = "One target's progress at the PROVINCE scope")
    public record ProgressRowResponse(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE") String code,
            @Schema(example = "FJ-OUTLINE-2025") String planCode,
            @Schema(example = "二、(一)1") String section,
            @Schema(example = "食品抽检合格率") String nameZh,
            @Schema(example = "Food safety sampling inspection pass rate") String nameEn,
            @Schema(example = "RATE") String kind,
            @Schema(example = "%", description = "unit of measure") String unit,
            @Schema(example = "GE") String comparator,
            @Schema(example = "98.5") BigDecimal targetValue,
            @Schema(example = "2025") int deadlineYear,
            @Schema(example = "[\"FJ-AMR\"]") List<String> leadUnits,
            @Schema(nullable = true, example = "98.72", description = "by kind: latest level, sum since the plan's start, latest year's amount, change from the baseline") BigDecimal actual,
            @Schema(nullable = true, example = "-0.22", description = "target − actual") BigDecimal gap,
            @Schema(nullable = true, example = "100.22", description = "actual / target × 100") BigDecimal percentOfTarget,
            @Schema(example = "ACHIEVED", enumeration = {"ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION", "OFF_TRACK", "DETERIORATING", "NO_DATA", "NOT_APPLICABLE"}) String status,
            @Schema(nullable = true, example = "98.9", description = "the actual expected at the end of the deadline year") BigDecimal forecast,
            @Schema(nullable = true, example = "1.02", description = "P = (forecast − baseline) / (target − baseline)") BigDecimal progressRatio,
            @Schema(nullable = true, example = "2026-03-01T08:00:00Z", description = "when the latest value counted was reported") Instant lastReportAt,
            @Schema(description = "the latest period whose report is due has no figure (due dates per frequency or the target's reportDueAfter)") boolean stale,
            @Schema(example = "2026-03-01", description = "the date the assessment is as of") LocalDate asOf,
            Instant computedAt,
            @Schema(nullable = true, example = "2024", description = "the latest period with a figure") String lastPeriod,
            @Schema(nullable = true, example = "2024-12-31", description = "the last day the latest figure speaks for") LocalDate coveredThrough,
            @Schema(nullable = true, example = "ROLLED_UP", enumeration = {"REPORTED", "DERIVED", "ROLLED_UP"}, description = "where the latest figure comes from: "
                    + "REPORTED for the province, DERIVED from its finer periods, or ROLLED_UP from the cities") String source,
            @Schema(nullable = true, example = "7", description = "ROLLED_UP: cities whose figures it adds up") Integer placesCovered,
            @Schema(nullable = true, example = "10", description = "ROLLED_UP: cities active in the period") Integer placesTotal,
            @Schema(example = "0", description = "periods whose reported figure and roll-up (or finer periods) disagree beyond the tolerance") int flaggedPeriods) {

        public static ProgressRowResponse of(ProgressView v) {
            TargetContent c = v.target().content;
            return new ProgressRowResponse(v.target().code, c.planCode, c.section, c.nameZh, c.nameEn, c.kind.name(), c.unit,
                    c.comparator.name(), c.targetValue, c.deadlineYear, List.copyOf(c.leadUnits), decimal(v.actual()),
                    decimal(v.gap()), decimal(v.percentOfTarget()), v.status().name(), decimal(v.forecast()),
                    decimal(v.progressRatio()), v.lastReportAt(), v.stale(), v.asOf(), v.computedAt(), v.latest().period(),
                    v.latest().coveredThrough(), v.latest().source(), v.latest().placesCovered(), v.latest().placesTotal(),
                    v.latest().flaggedPeriods());
        }
    }

    @Schema(name = "ProgressPage", description = "Progress rows: a page, or every row in one (page 0, size = total) without size")
    public record ProgressPage(List<ProgressRowResponse> items, @Schema(example = "0") int page, @Schema(example = "49") int size,
                               @Schema(example = "49") long total) {
    }

    @Schema(name = "ProgressThresholds", description = "What the status was judged with")
    public record Thresholds(
            @Schema(example = "0.95") double onTrackFrom,
            @Schema(example = "0.6") double needsAccelerationFrom,
            @Schema(example = "0", description = "P below this is DETERIORATING") double offTrackFrom,
            @Schema(example = "YEAR") String reportingFrequency,
            @Schema(example = "P3M", description = "when a period's report is due after its last day (the target's own, or the frequency's default)") String reportDueAfter,
            @Schema(example = "2024", description = "the latest period due by now (stale when the scope has no figure for it)") String latestDuePeriod,
            @Schema(example = "0.05", description = "share by which a reported figure and its complete roll-up may differ (config progress.reconciliation.tolerance)") double reconciliationTolerance,
            @Schema(description = "only APPROVED values count (config progress.approved-only)") boolean approvedOnly) {
    }

    @Schema(name = "ProgressCheck", description = "A reconciliation: a figure reported directly beside the roll-up of the places below "
            + "(PLACES) or the figure from its finer periods (PERIODS)")
    public record CheckResponse(
            @Schema(example = "PLACES", enumeration = {"PLACES", "PERIODS"}) String kind,
            @Schema(example = "2460", description = "the figure reported (the one used)") BigDecimal reported,
            @Schema(example = "2380", description = "the roll-up, or the figure from the finer periods") BigDecimal derived,
            @Schema(example = "80", description = "reported − derived") BigDecimal difference,
            @Schema(nullable = true, example = "0.0325", description = "difference / |reported|") BigDecimal relativeDifference,
            @Schema(example = "10", description = "places (or months) the derived figure covers") int covered,
            @Schema(example = "10", description = "of this many") int of,
            @Schema(description = "they should agree and differ by more than the tolerance") boolean flagged,
            @Schema(example = "the roll-up of all 10 places below agrees within 5.0%") String note) {

        static CheckResponse of(Check c) {
            return new CheckResponse(c.kind().name(), decimal(c.reported()), decimal(c.derived()), decimal(c.difference()),
                    decimal(c.relativeDifference()), c.coverage().covered(), c.coverage().of(), c.flagged(), c.note());
        }
    }

    @Schema(name = "ProgressOtherReport", description = "A value reported for the same place and period that the figure did not use "
            + "(a REPORTER key sees those of its own unit and subtree only)")
    public record OtherReportResponse(@Schema(example = "FJ-FUZHOU") String unit, @Schema(example = "281") BigDecimal value) {
    }

    @Schema(name = "ProgressFigure", description = "One place's figure for one period and where it comes from")
    public record FigureResponse(
            @Schema(example = "2024") String period,
            LocalDate start,
            LocalDate end,
            @Schema(nullable = true, example = "2024-12-31", description = "the last day the figure speaks for (a year so far from Q1..Q3: 30 September)") LocalDate coveredThrough,
            @Schema(example = "98.72") BigDecimal value,
            @Schema(nullable = true, example = "9872") BigDecimal numerator,
            @Schema(nullable = true, example = "10000") BigDecimal denominator,
            @Schema(example = "REPORTED", enumeration = {"REPORTED", "DERIVED", "ROLLED_UP"}, description = "REPORTED for the place and "
                    + "period; DERIVED from the place's own finer periods; ROLLED_UP from the places below") String source,
            @Schema(example = "[\"FJ-AMR\"]", description = "REPORTED, DERIVED: the units whose values were used") List<String> reportedBy,
            @Schema(example = "[\"FJ-FUZHOU\",\"FJ-XIAMEN\"]", description = "ROLLED_UP: the places below whose figures were combined") List<String> rolledUpFrom,
            @Schema(nullable = true, example = "2", description = "ROLLED_UP: places below with a figure that was used") Integer placesCovered,
            @Schema(nullable = true, example = "10", description = "ROLLED_UP: places below active in the period") Integer placesTotal,
            @Schema(nullable = true, example = "9", description = "DERIVED: months of the period its finer periods cover") Integer monthsCovered,
            @Schema(nullable = true, example = "12", description = "DERIVED: months of the period") Integer monthsTotal,
            @Schema(nullable = true, example = "SUBMITTED", description = "SUBMITTED, APPROVED, or MIXED when the values used differ") String status,
            @Schema(nullable = true, description = "in a series: whether the assessment used this point (level kinds use the last point of each year)") Boolean used,
            @Schema(description = "a reconciliation of this period is flagged") boolean flagged,
            List<CheckResponse> checks,
            List<OtherReportResponse> otherReports) {

        /** @param visibleUnits whose values may appear among the other reports (the caller's read scope) */
        static FigureResponse of(Figure f, Boolean used, java.util.function.Predicate<String> visibleUnits) {
            if (f == null) {
                return null;
            }
            return new FigureResponse(f.period(), f.start(), f.end(), f.coveredThrough(), decimal(f.value()), decimal(f.numerator()),
                    decimal(f.denominator()), f.source().name(), f.reportedBy(), f.rolledUpFrom(),
                    f.places() == null ? null : f.places().covered(), f.places() == null ? null : f.places().of(),
                    f.months() == null ? null : f.months().covered(), f.months() == null ? null : f.months().of(), f.status(),
                    used, f.flagged(), f.checks().stream().map(CheckResponse::of).toList(),
                    f.otherReports().stream().filter(o -> visibleUnits.test(o.unit()))
                            .map(o -> new OtherReportResponse(o.unit(), decimal(o.value()))).toList());
        }
    }

    @Schema(name = "ProgressDetail", description = "One target's assessment at one scope, with its series and method")
    public record ProgressDetailResponse(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE") String targetCode,
            String nameZh,
            String nameEn,
            @Schema(example = "PROVINCE", description = "PROVINCE, a place's unit code (city, county), or a reporting unit's code (its own values)") String scope,
            @Schema(nullable = true, example = "FJ", description = "the place the series describes") String place,
            LocalDate asOf,
            String kind,
            String comparator,
            BigDecimal targetValue,
            String unit,
            int planStartYear,
            int deadlineYear,
            @Schema(nullable = true) Integer baselineYear,
            @Schema(nullable = true) BigDecimal baselineValue,
            String direction,
            String aggregation,
            @Schema(example = "LEAD_FIGURE") String departmentFigures,
            @Schema(example = "ON_TRACK", enumeration = {"ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION", "OFF_TRACK", "DETERIORATING", "NO_DATA", "NOT_APPLICABLE"}) String status,
            @Schema(nullable = true) BigDecimal actual,
            @Schema(nullable = true) BigDecimal gap,
            @Schema(nullable = true) BigDecimal percentOfTarget,
            @Schema(nullable = true) BigDecimal forecast,
            @Schema(nullable = true) BigDecimal progressRatio,
            @Schema(nullable = true, description = "the starting point P is measured from") BigDecimal baseline,
            @Schema(nullable = true, example = "BASE_YEAR", enumeration = {"STATED", "BASE_YEAR", "FIRST_REPORT", "ZERO"}, description = "STATED on the target, "
                    + "the scope's BASE_YEAR figure, the FIRST_REPORT (fallback), or ZERO for amounts") String baselineSource,
            @Schema(example = "the province: its own figure where reported (or derived from its finer periods), else the roll-up of the places below; RETURNED values left out; latest level 2024; forecast: least-squares line through 2 yearly point(s) at the end of 2025; baseline = the 2020 figure")
            String method,
            @Schema(nullable = true) Instant lastReportAt,
            @Schema(nullable = true, example = "2024-12-31", description = "the last day the latest figure speaks for") LocalDate coveredThrough,
            boolean stale,
            Thresholds thresholds,
            List<FigureResponse> series) {

        public static ProgressDetailResponse of(ProgressDetail d, boolean approvedOnly, double tolerance) {
            ProgressView v = d.view();
            TargetContent c = v.target().content;
            List<FigureResponse> series = d.series().stream()
                    .map(f -> FigureResponse.of(f, d.usedPeriods().contains(f.period()), d.visibleUnits())).toList();
            return new ProgressDetailResponse(v.target().code, c.nameZh, c.nameEn, v.scope(), d.scope().place(), v.asOf(),
                    c.kind.name(), c.comparator.name(), c.targetValue, c.unit, d.plan().startYear, c.deadlineYear,
                    c.baselineYear, c.baselineValue, c.direction.name(), c.aggregation.name(), c.departmentFigures.name(),
                    v.status().name(), decimal(v.actual()), decimal(v.gap()), decimal(v.percentOfTarget()),
                    decimal(v.forecast()), decimal(v.progressRatio()), decimal(v.baseline()),
                    d.baselineSource() == null ? null : d.baselineSource().name(), v.method(), v.lastReportAt(),
                    v.latest().coveredThrough(), v.stale(),
                    new Thresholds(ProgressCalculator.ON_TRACK_FROM, ProgressCalculator.NEEDS_ACCELERATION_FROM, 0.0,
                            c.reportingFrequency.name(), d.dueAfter().toString(), d.latestDue().id(), tolerance, approvedOnly),
                    series);
        }
    }

    @Schema(name = "ProgressGroup", description = "Counts of one section or lead unit")
    public record GroupCounts(
            @Schema(example = "二、(一)") String key,
            long total,
            long stale,
            @Schema(example = "{\"ACHIEVED\":3,\"ON_TRACK\":1,\"NEEDS_ACCELERATION\":0,\"OFF_TRACK\":0,\"DETERIORATING\":0,\"NO_DATA\":5,\"NOT_APPLICABLE\":0}")
            Map<String, Long> byStatus) {
    }

    @Schema(name = "ProgressSummary", description = "The scorecard: targets per status, per section (chapter) and per lead unit")
    public record SummaryResponse(
            @Schema(nullable = true, example = "FJ-OUTLINE-2025") String plan,
            long total,
            long stale,
            Map<String, Long> byStatus,
            List<GroupCounts> bySection,
            List<GroupCounts> byLeadUnit) {
    }
}
