package cn.fjquality.targets.rest;

import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.ChangeSource;
import cn.fjquality.targets.domain.ChangeType;
import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.ReportingFrequency;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.domain.TargetRevision;
import cn.fjquality.targets.domain.TargetSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the targets API. */
public final class TargetDtos {
    public static final String TARGET_CODE_PATTERN = "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$";
    public static final String PLAN_CODE_PATTERN = "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$";
    public static final String UNIT_CODE_PATTERN = "^[A-Z0-9][A-Z0-9-]{0,31}$";

    static final String DEPARTMENT_FIGURES_DESC = "How the figures several units report for one place and period combine. "
            + "LEAD_FIGURE (default): the first reporter in precedence order (the lead units in order, the place's own unit, "
            + "the contributing units in order, then others); the rest are shown as other reports. SUM_OF_SHARES: every "
            + "reporter's figure is a share (SUM: Σ value; RATIO: Σnumerator/Σdenominator); not for LEAD_UNIT_ONLY targets. "
            + "多个单位报送同一地区同一期数据时的合并方式：牵头单位数据优先，或各单位份额相加。";
    static final String REPORT_DUE_AFTER_DESC = "When a period's report is due, as an ISO-8601 period after the period's "
            + "last day (P3M, P45D, at most a year). Empty: the frequency's default (YEAR P3M = 31 March of the next year, "
            + "HALF and QUARTER P30D, MONTH P15D). Used by completeness, timeliness and staleness. 报送截止：期末后多久。";

    private TargetDtos() {
    }

    @Schema(name = "Baseline", description = "The value the target is measured against, where the plan gives one")
    public record BaselineDto(
            @Schema(example = "2020") @NotNull @Min(1990) @Max(2100) Integer year,
            @Schema(nullable = true, example = "7.5", description = "null when the plan names the year but not the value")
            @Digits(integer = 15, fraction = 6) BigDecimal value) {
    }

    @Schema(name = "CreateTarget", description = "A catalog entry has exactly this shape and can be posted as is.")
    public record CreateTargetRequest(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE", description = "Stable code: uppercase ASCII segments joined by '-', at most 48")
            @NotNull @Size(max = 48) @Pattern(regexp = TARGET_CODE_PATTERN, message = "must be uppercase ASCII segments joined by '-'") String code,
            @Schema(example = "FJ-OUTLINE-2025") @NotNull @Size(max = 32) @Pattern(regexp = PLAN_CODE_PATTERN) String planCode,
            @Schema(example = "二、(一)1") @NotBlank @Size(max = 100) String section,
            @Schema(example = "食品抽检合格率") @NotBlank @Size(max = 300) String nameZh,
            @Schema(example = "Food safety sampling inspection pass rate") @NotBlank @Size(max = 500) String nameEn,
            @Schema(example = "RATE") @NotNull TargetKind kind,
            @Schema(example = "GE") @NotNull Comparator comparator,
            @Schema(example = "98.5", description = "RELATIVE_CHANGE: the size of the change (positive); direction says which way")
            @NotNull @Digits(integer = 15, fraction = 6) BigDecimal targetValue,
            @Schema(example = "%") @NotBlank @Size(max = 40) String unit,
            @Schema(example = "2025") @NotNull @Min(1990) @Max(2100) Integer deadlineYear,
            @Schema(nullable = true) @Valid BaselineDto baseline,
            @Schema(example = "INCREASE") @NotNull Direction direction,
            @Schema(nullable = true, example = "YEAR", description = "Defaults to YEAR") ReportingFrequency reportingFrequency,
            @Schema(example = "RATIO") @NotNull Aggregation aggregation,
            @Schema(nullable = true, example = "0", description = "Defaults to the kind's natural bound (RATE 0, CUMULATIVE 0)") @Digits(integer = 15, fraction = 6) BigDecimal lowerBound,
            @Schema(nullable = true, example = "100", description = "Defaults to the kind's natural bound (RATE 100)") @Digits(integer = 15, fraction = 6) BigDecimal upperBound,
            @Schema(nullable = true, example = "[\"FJ-AMR\"]", description = "At least one; units this write adds must be known and active")
            @Size(max = 20) List<@NotBlank @Pattern(regexp = UNIT_CODE_PATTERN) String> leadUnits,
            @Schema(nullable = true, example = "true", description = "false when the document names no lead unit and one was assigned; defaults to true") Boolean leadUnitsAssigned,
            @Schema(nullable = true, example = "[\"FJ-FUZHOU\", \"FJ-XIAMEN\"]")
            @Size(max = 200) List<@NotBlank @Pattern(regexp = UNIT_CODE_PATTERN) String> contributingUnits,
            @Schema(nullable = true, example = "001_bbe6214b5f05588b.txt") @Size(max = 200) String sourceDocument,
            @Schema(nullable = true, example = "到2025年,食品抽检合格率和水产品产地监督抽查合格率均达到98.5%以上") @Size(max = 2000) String sourceText,
            @Schema(nullable = true, example = "LEAD_FIGURE", description = DEPARTMENT_FIGURES_DESC) DepartmentFigures departmentFigures,
            @Schema(nullable = true, example = "P3M", description = REPORT_DUE_AFTER_DESC) @Size(max = 20) String reportDueAfter) {

        public TargetSpec spec() {
            return TargetDtos.spec(planCode, section, nameZh, nameEn, kind, comparator, targetValue, unit, deadlineYear,
                    baseline, direction, reportingFrequency, aggregation, lowerBound, upperBound, leadUnits,
                    leadUnitsAssigned, contributingUnits, sourceDocument, sourceText, departmentFigures, reportDueAfter);
        }
    }

    @Schema(name = "UpdateTarget", description = "The full new content of the target (PUT replaces; fields left out become empty or their default). planCode cannot change.")
    public record UpdateTargetRequest(
            @Schema(example = "FJ-OUTLINE-2025") @NotNull @Size(max = 32) @Pattern(regexp = PLAN_CODE_PATTERN) String planCode,
            @Schema(example = "二、(一)1") @NotBlank @Size(max = 100) String section,
            @Schema(example = "食品抽检合格率") @NotBlank @Size(max = 300) String nameZh,
            @Schema(example = "Food safety sampling inspection pass rate") @NotBlank @Size(max = 500) String nameEn,
            @Schema(example = "RATE") @NotNull TargetKind kind,
            @Schema(example = "GE") @NotNull Comparator comparator,
            @Schema(example = "99") @NotNull @Digits(integer = 15, fraction = 6) BigDecimal targetValue,
            @Schema(example = "%") @NotBlank @Size(max = 40) String unit,
            @Schema(example = "2025") @NotNull @Min(1990) @Max(2100) Integer deadlineYear,
            @Schema(nullable = true) @Valid BaselineDto baseline,
            @Schema(example = "INCREASE") @NotNull Direction direction,
            @Schema(nullable = true, example = "YEAR") ReportingFrequency reportingFrequency,
            @Schema(example = "RATIO") @NotNull Aggregation aggregation,
            @Schema(nullable = true) @Digits(integer = 15, fraction = 6) BigDecimal lowerBound,
            @Schema(nullable = true) @Digits(integer = 15, fraction = 6) BigDecimal upperBound,
            @Schema(nullable = true) @Size(max = 20) List<@NotBlank @Pattern(regexp = UNIT_CODE_PATTERN) String> leadUnits,
            @Schema(nullable = true) Boolean leadUnitsAssigned,
            @Schema(nullable = true) @Size(max = 200) List<@NotBlank @Pattern(regexp = UNIT_CODE_PATTERN) String> contributingUnits,
            @Schema(nullable = true) @Size(max = 200) String sourceDocument,
            @Schema(nullable = true) @Size(max = 2000) String sourceText,
            @Schema(nullable = true, example = "LEAD_FIGURE", description = DEPARTMENT_FIGURES_DESC) DepartmentFigures departmentFigures,
            @Schema(nullable = true, example = "P3M", description = REPORT_DUE_AFTER_DESC) @Size(max = 20) String reportDueAfter,
            @Schema(nullable = true, example = "Corrected after the 2024 mid-term review", description = "Why; kept with the revision")
            @Size(max = 500) String changeNote) {

        public TargetSpec spec() {
            return TargetDtos.spec(planCode, section, nameZh, nameEn, kind, comparator, targetValue, unit, deadlineYear,
                    baseline, direction, reportingFrequency, aggregation, lowerBound, upperBound, leadUnits,
                    leadUnitsAssigned, contributingUnits, sourceDocument, sourceText, departmentFigures, reportDueAfter);
        }
    }

    @Schema(name = "RetireTarget")
    public record RetireRequest(@Schema(nullable = true, example = "Superseded by OL25-FOOD-SAMPLING-PASS-RATE-2") @Size(max = 500) String reason) {
    }

    static TargetSpec spec(String planCode, String section, String nameZh, String nameEn, TargetKind kind,
                           Comparator comparator, BigDecimal targetValue, String unit, Integer deadlineYear,
                           BaselineDto baseline, Direction direction, ReportingFrequency frequency,
                           Aggregation aggregation, BigDecimal lowerBound, BigDecimal upperBound, List<String> leadUnits,
                           Boolean leadUnitsAssigned, List<String> contributingUnits, String sourceDocument,
                           String sourceText, DepartmentFigures departmentFigures, String reportDueAfter) {
        return new TargetSpec(planCode, section.trim(), nameZh.trim(), nameEn.trim(), kind, comparator, targetValue,
                unit.trim(), deadlineYear, baseline == null ? null : baseline.year(),
                baseline == null ? null : baseline.value(), direction,
                frequency == null ? ReportingFrequency.YEAR : frequency, aggregation, lowerBound, upperBound,
                leadUnits, leadUnitsAssigned == null || leadUnitsAssigned, contributingUnits, blankToNull(sourceDocument),
                blankToNull(sourceText), departmentFigures, reportDueAfter);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Schema(name = "Target")
    public record TargetResponse(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE") String code,
            @Schema(example = "FJ-OUTLINE-2025") String planCode,
            @Schema(example = "二、(一)1") String section,
            @Schema(example = "食品抽检合格率") String nameZh,
            @Schema(example = "Food safety sampling inspection pass rate") String nameEn,
            TargetKind kind,
            Comparator comparator,
            @Schema(example = "98.5") BigDecimal targetValue,
            @Schema(example = "%") String unit,
            @Schema(example = "2025") int deadlineYear,
            @Schema(nullable = true) BaselineDto baseline,
            Direction direction,
            ReportingFrequency reportingFrequency,
            Aggregation aggregation,
            @Schema(nullable = true, example = "0") BigDecimal lowerBound,
            @Schema(nullable = true, example = "100") BigDecimal upperBound,
            @Schema(example = "[\"FJ-AMR\"]") List<String> leadUnits,
            boolean leadUnitsAssigned,
            List<String> contributingUnits,
            @Schema(nullable = true, example = "001_bbe6214b5f05588b.txt") String sourceDocument,
            @Schema(nullable = true) String sourceText,
            @Schema(description = DEPARTMENT_FIGURES_DESC) DepartmentFigures departmentFigures,
            @Schema(nullable = true, example = "P3M", description = REPORT_DUE_AFTER_DESC) String reportDueAfter,
            @Schema(example = "1", description = "Current revision (1, 2, 3 ...)") int revision,
            boolean retired,
            @Schema(nullable = true) Instant retiredAt,
            Instant createdAt,
            Instant updatedAt) {

        public static TargetResponse of(Target t) {
            TargetContent c = t.content;
            return new TargetResponse(t.code, c.planCode, c.section, c.nameZh, c.nameEn, c.kind, c.comparator,
                    c.targetValue, c.unit, c.deadlineYear, baselineOf(c), c.direction, c.reportingFrequency,
                    c.aggregation, c.lowerBound, c.upperBound, List.copyOf(c.leadUnits), c.leadUnitsAssigned,
                    List.copyOf(c.contributingUnits), c.sourceDocument, c.sourceText, c.departmentFigures,
                    c.reportDueAfter, t.revision, t.retired(),
                    t.retiredAt, t.createdAt, t.updatedAt);
        }
    }

    static BaselineDto baselineOf(TargetContent c) {
        return c.baselineYear == null && c.baselineValue == null ? null : new BaselineDto(c.baselineYear, c.baselineValue);
    }

    @Schema(name = "TargetPage")
    public record TargetPage(List<TargetResponse> items, int page, int size, long total) {
    }

    @Schema(name = "TargetContent", description = "What a target said at one revision")
    public record ContentView(String planCode, String section, String nameZh, String nameEn, TargetKind kind,
                              Comparator comparator, BigDecimal targetValue, String unit, int deadlineYear,
                              @Schema(nullable = true) BaselineDto baseline, Direction direction, ReportingFrequency reportingFrequency,
                              Aggregation aggregation, @Schema(nullable = true) BigDecimal lowerBound, @Schema(nullable = true) BigDecimal upperBound,
                              List<String> leadUnits, boolean leadUnitsAssigned, List<String> contributingUnits,
                              @Schema(nullable = true) String sourceDocument, @Schema(nullable = true) String sourceText, DepartmentFigures departmentFigures,
                              @Schema(nullable = true) String reportDueAfter) {
        static ContentView of(TargetContent c) {
            return new ContentView(c.planCode, c.section, c.nameZh, c.nameEn, c.kind, c.comparator, c.targetValue,
                    c.unit, c.deadlineYear, baselineOf(c), c.direction, c.reportingFrequency, c.aggregation,
                    c.lowerBound, c.upperBound, List.copyOf(c.leadUnits), c.leadUnitsAssigned,
                    List.copyOf(c.contributingUnits), c.sourceDocument, c.sourceText, c.departmentFigures, c.reportDueAfter);
        }
    }

    @Schema(name = "TargetRevision")
    public record RevisionResponse(
            @Schema(example = "2") int revision,
            @Schema(example = "REVISED") ChangeType changeType,
            @Schema(example = "API") ChangeSource changeSource,
            @Schema(example = "k3j5h2m4n6p7", description = "API key id of the caller, or 'catalog'") String changedBy,
            Instant changedAt,
            @Schema(nullable = true) String changeNote,
            @Schema(example = "[\"targetValue\"]") List<String> changedFields,
            boolean retired,
            ContentView target) {

        public static RevisionResponse of(TargetRevision r) {
            return new RevisionResponse(r.revision, r.changeType, r.changeSource, r.changedBy, r.changedAt,
                    r.changeNote, List.copyOf(r.changedFields), r.retired, ContentView.of(r.content));
        }
    }
}
