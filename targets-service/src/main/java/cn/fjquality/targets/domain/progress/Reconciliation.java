package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;

import java.util.Locale;

/**
 * Compares a figure reported for a place and period with the one derived for it (pure). A roll-up that covers every
 * child place, or finer periods that cover the whole period, should agree with the reported figure: a difference of
 * more than the tolerance (a share of the reported figure) is flagged. A partial roll-up is expected to differ, with
 * one exception: for amounts that add up (SUM), the shares of some places exceeding the whole cannot be right.
 */
public final class Reconciliation {
    private static final double EPSILON = 1e-9;

    private Reconciliation() {
    }

    /** The reported figure against the roll-up of the child places. */
    public static Check places(double reported, Figure rolledUp, Aggregation aggregation, double tolerance) {
        Coverage c = rolledUp.places();
        double diff = reported - rolledUp.value();
        Double rel = Math.abs(reported) < EPSILON ? null : diff / Math.abs(reported);
        if (c.complete()) {
            boolean flagged = beyond(diff, rel, tolerance);
            return new Check(Check.Kind.PLACES, reported, rolledUp.value(), diff, rel, c, flagged, flagged
                    ? "the roll-up of all " + c.of() + " places below differs from the reported figure by " + share(rel, diff)
                    + ", more than the tolerance of " + percent(tolerance)
                    : "the roll-up of all " + c.of() + " places below agrees within " + percent(tolerance));
        }
        if (aggregation == Aggregation.SUM && reported >= 0 && rolledUp.value() > reported * (1 + tolerance) + EPSILON) {
            return new Check(Check.Kind.PLACES, reported, rolledUp.value(), diff, rel, c, true,
                    "the shares of only " + c + " places below already exceed the reported figure");
        }
        return new Check(Check.Kind.PLACES, reported, rolledUp.value(), diff, rel, c, false,
                "the roll-up covers " + c + " places below: a difference is expected");
    }

    /** The reported figure against the one derived from the place's finer periods. */
    public static Check periods(double reported, Figure derived, RollUpRules.Temporal temporal, double tolerance) {
        Coverage c = derived.months();
        double diff = reported - derived.value();
        Double rel = Math.abs(reported) < EPSILON ? null : diff / Math.abs(reported);
        // A level needs only the last part (the level at the period's end); amounts and ratios need every month.
        boolean comparable = temporal == RollUpRules.Temporal.STOCK ? derived.coveredThrough().equals(derived.end()) : c.complete();
        if (!comparable) {
            return new Check(Check.Kind.PERIODS, reported, derived.value(), diff, rel, c, false,
                    "the finer periods cover " + c + " months: a difference is expected");
        }
        boolean flagged = beyond(diff, rel, tolerance);
        return new Check(Check.Kind.PERIODS, reported, derived.value(), diff, rel, c, flagged, flagged
                ? "the finer periods differ from the figure reported for the period by " + share(rel, diff)
                + ", more than the tolerance of " + percent(tolerance)
                : "the finer periods agree within " + percent(tolerance));
    }

    private static boolean beyond(double diff, Double rel, double tolerance) {
        return rel == null ? Math.abs(diff) > EPSILON : Math.abs(rel) > tolerance + EPSILON;
    }

    private static String share(Double rel, double diff) {
        return rel == null ? String.format(Locale.ROOT, "%.6g", diff) : percent(Math.abs(rel));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
