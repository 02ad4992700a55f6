package cn.fjquality.targets.service;

import cn.fjquality.events.period.DueDates;
import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.DepartmentFigures;
import cn.fjquality.problem.ApiException;
import cn.fjquality.problem.Problem;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.domain.TargetSpec;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a target must satisfy that need nothing but the target and its plan's horizon. Applied to
 * API writes and to the catalog file alike; each broken rule is a 422 with a stable code.
 */
public final class TargetRules {
    static final BigDecimal ZERO = BigDecimal.ZERO;
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private TargetRules() {
    }

    /** A plan's horizon, years inclusive. */
    public record Horizon(int startYear, int endYear) {
    }

    /** The range a value of this kind can take by nature; null ends are open. */
    public record Range(BigDecimal lower, BigDecimal upper) {
        boolean contains(BigDecimal v) {
            return (lower == null || v.compareTo(lower) >= 0) && (upper == null || v.compareTo(upper) <= 0);
        }

        @Override
        public String toString() {
            return "[" + (lower == null ? "-inf" : lower.toPlainString()) + ", " + (upper == null ? "+inf" : upper.toPlainString()) + "]";
        }
    }

    /** RATE: 0..100 (%); CUMULATIVE: at least 0; other kinds: open (an index, a level, a growth rate can be anything). */
    public static Range naturalRange(TargetKind kind) {
        return switch (kind) {
            case RATE -> new Range(ZERO, HUNDRED);
            case CUMULATIVE -> new Range(ZERO, null);
            default -> new Range(null, null);
        };
    }

    /** Fills open bounds with the kind's natural range (a RATE without bounds gets 0..100). */
    public static TargetSpec withNaturalBounds(TargetSpec s) {
        if (s.kind() == null || s.kind() == TargetKind.RELATIVE_CHANGE) {
            return s;
        }
        Range natural = naturalRange(s.kind());
        BigDecimal lower = s.lowerBound() != null ? s.lowerBound() : natural.lower();
        BigDecimal upper = s.upperBound() != null ? s.upperBound() : natural.upper();
        return s.withBounds(lower, upper);
    }

    /**
     * Checks the target against its plan's horizon ({@code null}: the plan is unknown).
     *
     * @throws ApiException 422 with the code of the first broken rule
     */
    public static void check(TargetSpec s, Horizon plan) {
        if (plan == null) {
            throw violation("UNKNOWN_PLAN", "planCode", "No plan with code " + s.planCode());
        }
        if (s.deadlineYear() < plan.startYear() || s.deadlineYear() > plan.endYear()) {
            throw violation("DEADLINE_OUTSIDE_PLAN", "deadlineYear", "Deadline " + s.deadlineYear() + " lies outside plan "
                    + s.planCode() + " (" + plan.startYear() + ".." + plan.endYear() + ")");
        }
        checkUnitLists(s.leadUnits(), s.contributingUnits());
        checkBounds(s);
        checkValue(s);
        checkBaseline(s);
        checkReporting(s);
    }

    private static void checkReporting(TargetSpec s) {
        if (s.departmentFigures() == DepartmentFigures.SUM_OF_SHARES && s.aggregation() == Aggregation.LEAD_UNIT_ONLY) {
            throw violation("SHARES_NEED_AGGREGATION", "departmentFigures", "SUM_OF_SHARES adds the reporters' figures: "
                    + "it needs an aggregation that adds up (SUM or RATIO), not LEAD_UNIT_ONLY");
        }
        try {
            DueDates.parseAfter(s.reportDueAfter());
        } catch (IllegalArgumentException e) {
            throw violation("INVALID_REPORT_DUE_AFTER", "reportDueAfter", "reportDueAfter: " + e.getMessage());
        }
    }

    private static void checkUnitLists(List<String> lead, List<String> contributing) {
        if (lead.isEmpty()) {
            throw violation("LEAD_UNIT_REQUIRED", "leadUnits", "A target needs at least one lead unit");
        }
        Set<String> seen = new HashSet<>();
        for (String c : lead) {
            if (!seen.add(c)) {
                throw violation("DUPLICATE_UNIT", "leadUnits", "Unit " + c + " is listed twice");
            }
        }
        Set<String> seenContributing = new HashSet<>();
        for (String c : contributing) {
            if (!seenContributing.add(c)) {
                throw violation("DUPLICATE_UNIT", "contributingUnits", "Unit " + c + " is listed twice");
            }
            if (seen.contains(c)) {
                throw violation("UNIT_BOTH_LEAD_AND_CONTRIBUTING", "contributingUnits", "Unit " + c + " is both a lead and a contributing unit");
            }
        }
    }

    private static void checkBounds(TargetSpec s) {
        BigDecimal lower = s.lowerBound();
        BigDecimal upper = s.upperBound();
        if (lower != null && upper != null && lower.compareTo(upper) > 0) {
            throw violation("INVALID_BOUNDS", "lowerBound", "lowerBound " + lower.toPlainString() + " is above upperBound " + upper.toPlainString());
        }
        Range natural = naturalRange(s.kind());
        if ((lower != null && !natural.contains(lower)) || (upper != null && !natural.contains(upper))) {
            throw violation("BOUNDS_OUTSIDE_KIND", lower != null && !natural.contains(lower) ? "lowerBound" : "upperBound",
                    "Bounds of a " + s.kind() + " target must lie within " + natural);
        }
    }

    private static void checkValue(TargetSpec s) {
        BigDecimal v = s.targetValue();
        if (s.kind() == TargetKind.RELATIVE_CHANGE) {
            // The size of the change; direction says which way. Bounds describe the indicator's level, not the change.
            if (v.signum() <= 0) {
                throw violation("TARGET_VALUE_OUT_OF_BOUNDS", "targetValue",
                        "A RELATIVE_CHANGE target states the size of the change as a positive number; direction says which way");
            }
            return;
        }
        Range allowed = new Range(s.lowerBound(), s.upperBound());
        if (!allowed.contains(v) || !naturalRange(s.kind()).contains(v)) {
            throw violation("TARGET_VALUE_OUT_OF_BOUNDS", "targetValue", "targetValue " + v.toPlainString() + " lies outside "
                    + (allowed.contains(v) ? naturalRange(s.kind()) : allowed) + " for a " + s.kind() + " target");
        }
    }

    private static void checkBaseline(TargetSpec s) {
        if (s.kind() == TargetKind.RELATIVE_CHANGE && s.baselineYear() == null) {
            throw violation("BASELINE_REQUIRED", "baseline", "A RELATIVE_CHANGE target needs a baseline year to change from");
        }
        if (s.baselineYear() == null) {
            if (s.baselineValue() != null) {
                throw violation("INVALID_BASELINE", "baseline.year", "A baseline value needs its year");
            }
            return;
        }
        if (s.baselineYear() >= s.deadlineYear()) {
            throw violation("INVALID_BASELINE", "baseline.year", "Baseline year " + s.baselineYear() + " is not before the deadline " + s.deadlineYear());
        }
        if (s.baselineValue() != null && !new Range(s.lowerBound(), s.upperBound()).contains(s.baselineValue())) {
            throw violation("BASELINE_OUT_OF_BOUNDS", "baseline.value", "Baseline value " + s.baselineValue().toPlainString()
                    + " lies outside the bounds " + new Range(s.lowerBound(), s.upperBound()));
        }
    }

    static ApiException violation(String code, String field, String detail) {
        return new ApiException(422, code, detail, List.of(Problem.FieldError.of(field, code, detail)));
    }
}
