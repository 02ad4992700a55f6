package cn.fjquality.targets.rest;

import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.progress.PeriodValue;
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
            @Schema(example = "98.72", description = "by kind: latest level, sum since the plan's start, latest year's amount, change from the baseline") BigDecimal actual,
            @Schema(example = "-0.22", description = "target − actual") BigDecimal gap,
            @Schema(example = "100.22", description = "actual / target × 100") BigDecimal percentOfTarget,
            @Schema(example = "ACHIEVED", enumeration = {"ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION", "OFF_TRACK", "DETERIORATING", "NO_DATA"}) String status,
            @Schema(example = "98.9", description = "the actual expected at the end of the deadline year") BigDecimal forecast,
            @Schema(example = "1.02", description = "P = (forecast − baseline) / (target − baseline)") BigDecimal progressRatio,
            @Schema(example = "2026-03-01T08:00:00Z", description = "when the latest value counted was reported") Instant lastReportAt,
            @Schema(description = "no value within one reporting period plus the grace") boolean stale,
            @Schema(example = "2026-03-01", description = "the date the assessment is as of") LocalDate asOf,
            Instant computedAt) {

        public static ProgressRowResponse of(ProgressView v) {
            TargetContent c = v.target().content;
            return new ProgressRowResponse(v.target().code, c.planCode, c.section, c.nameZh, c.nameEn, c.kind.name(), c.unit,
                    c.comparator.name(), c.targetValue, c.deadlineYear, List.copyOf(c.leadUnits), decimal(v.actual()),
                    decimal(v.gap()), decimal(v.percentOfTarget()), v.status().name(), decimal(v.forecast()),
                    decimal(v.progressRatio()), v.lastReportAt(), v.stale(), v.asOf(), v.computedAt());
        }
    }

    public record ProgressPage(List<ProgressRowResponse> items, int page, int size, long total) {
    }

    @Schema(name = "ProgressThresholds", description = "What the status was judged with")
    public record Thresholds(
            @Schema(example = "0.95") double onTrackFrom,
            @Schema(example = "0.6") double needsAccelerationFrom,
            @Schema(example = "0", description = "P below this is DETERIORATING") double offTrackFrom,
            @Schema(example = "YEAR") String reportingFrequency,
            @Schema(example = "P90D", description = "grace after one reporting period before the data is stale") String staleGrace,
            @Schema(description = "only APPROVED values count (config progress.approved-only)") boolean approvedOnly) {
    }

    @Schema(name = "ProgressSeriesPoint", description = "The scope's value for one period")
    public record SeriesPoint(
            @Schema(example = "2024") String period,
            LocalDate start,
            LocalDate end,
            @Schema(example = "98.72") BigDecimal value,
            @Schema(example = "9872") BigDecimal numerator,
            @Schema(example = "10000") BigDecimal denominator,
            @Schema(example = "2") int unitsReported,
            @Schema(example = "[\"FJ-FUZHOU\",\"FJ-XIAMEN\"]") List<String> units,
            @Schema(example = "SUBMITTED", description = "SUBMITTED, APPROVED, or MIXED when the units' values differ") String status,
            @Schema(description = "whether the assessment used this point (level kinds use the last point of each year)") boolean used) {

        static SeriesPoint of(PeriodValue p, boolean used) {
            return new SeriesPoint(p.period(), p.start(), p.end(), decimal(p.value()), decimal(p.numerator()),
                    decimal(p.denominator()), p.units().size(), p.units(), p.status(), used);
        }
    }

    @Schema(name = "ProgressDetail", description = "One target's assessment at one scope, with its series and method")
    public record ProgressDetailResponse(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE") String targetCode,
            String nameZh,
            String nameEn,
            @Schema(example = "PROVINCE", description = "PROVINCE or a unit code") String scope,
            LocalDate asOf,
            String kind,
            String comparator,
            BigDecimal targetValue,
            String unit,
            int planStartYear,
            int deadlineYear,
            Integer baselineYear,
            BigDecimal baselineValue,
            String direction,
            String aggregation,
            String status,
            BigDecimal actual,
            BigDecimal gap,
            BigDecimal percentOfTarget,
            BigDecimal forecast,
            BigDecimal progressRatio,
            @Schema(description = "the starting point P is measured from") BigDecimal baseline,
            @Schema(example = "province = Σnumerator / Σdenominator × 100 of the lead and contributing units per period; latest level 2024; forecast: least-squares line through 2 yearly point(s) at the end of 2025; baseline = first report")
            String method,
            Instant lastReportAt,
            boolean stale,
            Thresholds thresholds,
            List<SeriesPoint> series) {

        public static ProgressDetailResponse of(ProgressDetail d, boolean approvedOnly) {
            ProgressView v = d.view();
            TargetContent c = v.target().content;
            List<SeriesPoint> series = d.series().periods().stream()
                    .map(p -> SeriesPoint.of(p, d.usedPeriods().contains(p.period()))).toList();
            return new ProgressDetailResponse(v.target().code, c.nameZh, c.nameEn, v.scope(), v.asOf(), c.kind.name(),
                    c.comparator.name(), c.targetValue, c.unit, d.plan().startYear, c.deadlineYear, c.baselineYear,
                    c.baselineValue, c.direction.name(), c.aggregation.name(), v.status().name(), decimal(v.actual()),
                    decimal(v.gap()), decimal(v.percentOfTarget()), decimal(v.forecast()), decimal(v.progressRatio()),
                    decimal(v.baseline()), v.method(), v.lastReportAt(), v.stale(),
                    new Thresholds(ProgressCalculator.ON_TRACK_FROM, ProgressCalculator.NEEDS_ACCELERATION_FROM, 0.0,
                            c.reportingFrequency.name(), iso(d.staleGrace()), approvedOnly),
                    series);
        }
    }

    /** Whole days as P90D (Duration.toString would say PT2160H). */
    static String iso(java.time.Duration d) {
        return d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    @Schema(name = "ProgressGroup", description = "Counts of one section or lead unit")
    public record GroupCounts(
            @Schema(example = "二、(一)") String key,
            long total,
            long stale,
            @Schema(example = "{\"ACHIEVED\":3,\"ON_TRACK\":1,\"NEEDS_ACCELERATION\":0,\"OFF_TRACK\":0,\"DETERIORATING\":0,\"NO_DATA\":5}")
            Map<String, Long> byStatus) {
    }

    @Schema(name = "ProgressSummary", description = "The scorecard: targets per status, per section (chapter) and per lead unit")
    public record SummaryResponse(
            @Schema(example = "FJ-OUTLINE-2025") String plan,
            long total,
            long stale,
            Map<String, Long> byStatus,
            List<GroupCounts> bySection,
            List<GroupCounts> byLeadUnit) {
    }
}
