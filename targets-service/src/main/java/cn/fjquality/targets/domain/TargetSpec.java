package cn.fjquality.targets.domain;

import cn.fjquality.events.period.DueDates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The content of one revision of a target, as a plain value: what a write asks for, what the catalog
 * file says, what a revision stores. Numbers are normalized (no trailing zeros, no exponent) so that
 * 98.5 and 98.50 are the same target.
 */
public record TargetSpec(
        String planCode,
        String section,
        String nameZh,
        String nameEn,
        TargetKind kind,
        Comparator comparator,
        BigDecimal targetValue,
        String unit,
        int deadlineYear,
        Integer baselineYear,
        BigDecimal baselineValue,
        Direction direction,
        ReportingFrequency reportingFrequency,
        Aggregation aggregation,
        BigDecimal lowerBound,
        BigDecimal upperBound,
        List<String> leadUnits,
        boolean leadUnitsAssigned,
        List<String> contributingUnits,
        String sourceDocument,
        String sourceText,
        DepartmentFigures departmentFigures,
        String reportDueAfter) {

    public TargetSpec {
        departmentFigures = departmentFigures == null ? DepartmentFigures.LEAD_FIGURE : departmentFigures;
        reportDueAfter = normalizeDueAfter(reportDueAfter);
        targetValue = normalize(targetValue);
        baselineValue = normalize(baselineValue);
        lowerBound = normalize(lowerBound);
        upperBound = normalize(upperBound);
        leadUnits = leadUnits == null ? List.of() : List.copyOf(leadUnits);
        contributingUnits = contributingUnits == null ? List.of() : List.copyOf(contributingUnits);
    }

    public static BigDecimal normalize(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** The canonical form of a due offset (P3M for p3m), blank as null; what does not parse is kept for the rules to refuse. */
    static String normalizeDueAfter(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return DueDates.parseAfter(iso).map(java.time.Period::toString).orElse(null);
        } catch (IllegalArgumentException e) {
            return iso.trim();
        }
    }

    public TargetSpec withBounds(BigDecimal lower, BigDecimal upper) {
        return new TargetSpec(planCode, section, nameZh, nameEn, kind, comparator, targetValue, unit, deadlineYear,
                baselineYear, baselineValue, direction, reportingFrequency, aggregation, lower, upper, leadUnits,
                leadUnitsAssigned, contributingUnits, sourceDocument, sourceText, departmentFigures, reportDueAfter);
    }

    /** Names of the fields that differ from {@code previous} (all of them when there is none). */
    public List<String> changedFrom(TargetSpec previous) {
        List<String> changed = new ArrayList<>();
        diff(changed, "planCode", previous == null ? null : previous.planCode, planCode, previous);
        diff(changed, "section", previous == null ? null : previous.section, section, previous);
        diff(changed, "nameZh", previous == null ? null : previous.nameZh, nameZh, previous);
        diff(changed, "nameEn", previous == null ? null : previous.nameEn, nameEn, previous);
        diff(changed, "kind", previous == null ? null : previous.kind, kind, previous);
        diff(changed, "comparator", previous == null ? null : previous.comparator, comparator, previous);
        diff(changed, "targetValue", previous == null ? null : previous.targetValue, targetValue, previous);
        diff(changed, "unit", previous == null ? null : previous.unit, unit, previous);
        diff(changed, "deadlineYear", previous == null ? null : previous.deadlineYear, deadlineYear, previous);
        diff(changed, "baseline", previous == null ? null : List.of(String.valueOf(previous.baselineYear), String.valueOf(previous.baselineValue)),
                List.of(String.valueOf(baselineYear), String.valueOf(baselineValue)), previous);
        diff(changed, "direction", previous == null ? null : previous.direction, direction, previous);
        diff(changed, "reportingFrequency", previous == null ? null : previous.reportingFrequency, reportingFrequency, previous);
        diff(changed, "aggregation", previous == null ? null : previous.aggregation, aggregation, previous);
        diff(changed, "lowerBound", previous == null ? null : previous.lowerBound, lowerBound, previous);
        diff(changed, "upperBound", previous == null ? null : previous.upperBound, upperBound, previous);
        diff(changed, "leadUnits", previous == null ? null : previous.leadUnits, leadUnits, previous);
        diff(changed, "leadUnitsAssigned", previous == null ? null : previous.leadUnitsAssigned, leadUnitsAssigned, previous);
        diff(changed, "contributingUnits", previous == null ? null : previous.contributingUnits, contributingUnits, previous);
        diff(changed, "sourceDocument", previous == null ? null : previous.sourceDocument, sourceDocument, previous);
        diff(changed, "sourceText", previous == null ? null : previous.sourceText, sourceText, previous);
        diff(changed, "departmentFigures", previous == null ? null : previous.departmentFigures, departmentFigures, previous);
        diff(changed, "reportDueAfter", previous == null ? null : previous.reportDueAfter, reportDueAfter, previous);
        return changed;
    }

    private static void diff(List<String> out, String name, Object before, Object after, TargetSpec previous) {
        if (previous == null || !Objects.equals(before, after)) {
            out.add(name);
        }
    }
}
