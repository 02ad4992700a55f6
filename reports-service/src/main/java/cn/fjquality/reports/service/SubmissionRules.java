package cn.fjquality.reports.service;

import cn.fjquality.events.period.Period;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.service.Verdict.Valid;
import cn.fjquality.security.Caller;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * Where a submitted row is validated: the rules every single submission and import row passes, in the documented order
 * (docs/reports-service.md, "Validation"); the first that fails is the row's {@link Rejection}. Pure: units and targets
 * come from a {@link ReferenceLookup}, the day from the caller, so {@code SubmissionRulesTest} runs them against a table.
 * What the database holds (a locked value, an identical one) is {@link Revisions}' part.
 */
public final class SubmissionRules {
    /** |value − 100·num/den| up to this is rounding. */
    static final BigDecimal RATIO_TOLERANCE = new BigDecimal("0.01");
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    static final int MAX_COMMENT = 1000;
    /** A cycle in the copied unit tree must not hang a request. */
    private static final int MAX_DEPTH = 32;

    private final ReferenceLookup refs;
    private final Caller caller;
    private final LocalDate today;

    /** @param today in Asia/Shanghai: a period can be reported from the day after its end */
    public SubmissionRules(ReferenceLookup refs, Caller caller, LocalDate today) {
        this.refs = refs;
        this.caller = caller;
        this.today = today;
    }

    public Verdict check(SubmissionRow row) {
        if (row.preRejection() != null) {
            return row.preRejection();
        }
        if (blank(row.target())) {
            return Rejection.of("target", "MISSING_FIELD", "target is required");
        }
        if (blank(row.unit())) {
            return Rejection.of("unit", "MISSING_FIELD", "unit is required");
        }
        if (blank(row.period())) {
            return Rejection.of("period", "MISSING_FIELD", "period is required");
        }
        TargetCopy target = refs.target(row.target().trim()).orElse(null);
        if (target == null) {
            return Rejection.of("target", "UNKNOWN_TARGET", "No target with code " + Numbers.abbreviate(row.target()));
        }
        if (target.retired) {
            return Rejection.of("target", "TARGET_RETIRED", "Target " + target.code + " is retired and takes no more values");
        }
        UnitCopy unit = refs.unit(row.unit().trim()).orElse(null);
        if (unit == null) {
            return Rejection.of("unit", "UNKNOWN_UNIT", "No unit with code " + Numbers.abbreviate(row.unit()));
        }
        if (!caller.mayActFor(unit.code, refs)) {
            return new Rejection(403, "unit", "UNIT_OUT_OF_SCOPE", "Your key may not report for unit " + unit.code);
        }
        if (!allowed(target, unit)) {
            return Rejection.of("unit", "UNIT_NOT_ALLOWED", "Unit " + unit.code + " is neither a lead nor a contributing unit of target "
                    + target.code);
        }
        PlaceRules.Outcome place = PlaceRules.resolve(row.place(), unit.code, refs::node,
                d -> refs.division(d).map(UnitCopy::node).orElse(null));
        if (place.rejection() != null) {
            return place.rejection();
        }
        Period period = Period.parse(row.period()).orElse(null);
        if (period == null) {
            return Rejection.of("period", "MALFORMED_PERIOD",
                    "Period " + Numbers.abbreviate(row.period()) + " is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM");
        }
        Rejection periodRule = period(period, target, unit);
        if (periodRule != null) {
            return periodRule;
        }
        if (row.comment() != null && row.comment().length() > MAX_COMMENT) {
            return Rejection.of("comment", "COMMENT_TOO_LONG", "comment is longer than 1000 characters");
        }
        return value(row, target, unit, place.place(), period);
    }

    /** Periods: a frequency the target takes, over (Asia/Shanghai), within the plan or base year, with the unit active. */
    private Rejection period(Period period, TargetCopy target, UnitCopy unit) {
        Rejection wrongFrequency = PeriodRules.frequency(period, target.code, target.frequency());
        if (wrongFrequency != null) {
            return wrongFrequency;
        }
        if (!today.isAfter(period.end())) {
            return Rejection.of("period", "FUTURE_PERIOD", "Period " + period.id() + " ends on " + period.end()
                    + " and can be reported from the day after (Asia/Shanghai)");
        }
        Rejection outside = PeriodRules.horizon(period, target.code, target.planStartYear, target.planEndYear, target.baselineYear);
        if (outside != null) {
            return outside;
        }
        if (!unit.isActiveDuring(period.start(), period.end())) {
            return Rejection.of("unit", "UNIT_INACTIVE", "Unit " + unit.code + " was not active during " + period.id());
        }
        return null;
    }

    /** The value: given, or computed from numerator and denominator (RATIO targets), then within the target's bounds. */
    private Verdict value(SubmissionRow row, TargetCopy target, UnitCopy unit, String place, Period period) {
        BigDecimal value = row.value();
        BigDecimal num = row.numerator();
        BigDecimal den = row.denominator();
        if (num != null || den != null) {
            if (!target.isRatio()) {
                return Rejection.of(num != null ? "numerator" : "denominator", "RATIO_NOT_APPLICABLE",
                        "Target " + target.code + " is not a RATIO target; numerator and denominator are not taken");
            }
            if (num == null || den == null) {
                return Rejection.of(num == null ? "numerator" : "denominator", "RATIO_INCOMPLETE",
                        "numerator and denominator come together");
            }
            if (den.signum() <= 0) {
                return Rejection.of("denominator", "DENOMINATOR_NOT_POSITIVE", "denominator must be greater than 0");
            }
            if (num.signum() < 0) {
                return Rejection.of("numerator", "VALUE_OUT_OF_BOUNDS", "numerator must not be negative");
            }
            if (target.isPercentage() && num.compareTo(den) > 0) {
                return Rejection.of("numerator", "NUMERATOR_EXCEEDS_DENOMINATOR", "numerator " + num.toPlainString()
                        + " exceeds denominator " + den.toPlainString());
            }
            BigDecimal scale = target.isPercentage() ? HUNDRED : BigDecimal.ONE;
            BigDecimal computed = num.multiply(scale).divide(den, Numbers.MAX_SCALE, RoundingMode.HALF_UP);
            if (value == null) {
                value = computed.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
                if (value.scale() < 0) {
                    value = value.setScale(0);
                }
            } else if (!matches(value, computed)) {
                return Rejection.of("value", "RATIO_MISMATCH", "value " + value.toPlainString() + " is not "
                        + (target.isPercentage() ? "100 × " : "") + "numerator / denominator = "
                        + computed.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            }
        }
        if (value == null) {
            return Rejection.of("value", "MISSING_FIELD", "value is required (a RATIO target may give numerator and denominator instead)");
        }
        if ((target.lowerBound != null && value.compareTo(target.lowerBound) < 0)
                || (target.upperBound != null && value.compareTo(target.upperBound) > 0)) {
            return Rejection.of("value", "VALUE_OUT_OF_BOUNDS", "value " + value.toPlainString() + " is outside "
                    + bound(target.lowerBound) + ".." + bound(target.upperBound) + " for target " + target.code);
        }
        return new Valid(row, target, unit, place, period, value);
    }

    /** Equal within the rounding of the given value's own decimals, or within 0.01. */
    static boolean matches(BigDecimal given, BigDecimal computed) {
        if (given.subtract(computed).abs().compareTo(RATIO_TOLERANCE) <= 0) {
            return true;
        }
        int scale = Math.max(0, given.scale());
        return computed.setScale(scale, RoundingMode.HALF_UP).compareTo(given) == 0;
    }

    /**
     * A lead or contributing unit; for a target whose values add up (SUM, RATIO), also a unit below a contributing one,
     * reporting its share.
     */
    private boolean allowed(TargetCopy target, UnitCopy unit) {
        if (target.leadUnits.contains(unit.code) || target.contributingUnits.contains(unit.code)) {
            return true;
        }
        if (!target.sharesRollUp()) {
            return false;
        }
        UnitCopy u = unit;
        for (int depth = 0; u.parentCode != null && depth < MAX_DEPTH; depth++) {
            if (target.contributingUnits.contains(u.parentCode)) {
                return true;
            }
            u = refs.unit(u.parentCode).orElse(null);
            if (u == null) {
                return false;
            }
        }
        return false;
    }

    private static String bound(BigDecimal b) {
        return b == null ? "" : b.stripTrailingZeros().toPlainString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
