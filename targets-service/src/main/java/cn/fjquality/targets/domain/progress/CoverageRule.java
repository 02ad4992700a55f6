package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Aggregation;
import cn.fjquality.targets.domain.Comparator;

/**
 * Whether a status may be judged on a figure rolled up from only some of the places below (pure; table-tested).
 * <p>
 * A sum over some of the places is part of the total, not an estimate of it: it proves a "at least" target met once it
 * meets it (the rest can only add, for amounts that cannot be negative), and proves nothing else — judged as it is, a
 * province total from 3 of 10 cities is OFF_TRACK for want of reports. A ratio (Σnumerator / Σdenominator) over some
 * places is an estimate of the whole, judged once the places with a figure reach {@code minShare} of those below (the
 * rule of regional SDG aggregates, published only above a coverage threshold); below it the status is NO_DATA. Either
 * way the figure, its coverage and the forecast stay visible; only the judgement (status, gap, percent, P) is withheld,
 * and the method says why.
 */
public final class CoverageRule {
    private CoverageRule() {
    }

    /**
     * @param latest      the figure the actual comes from (null: nothing to check)
     * @param nonNegative the target's values cannot be negative (its lower bound is 0 or more)
     * @param minShare    share of the places below that a ratio needs (0..1)
     */
    public static Assessment apply(Assessment a, Aggregation aggregation, Comparator comparator, boolean nonNegative,
                                   Figure latest, double minShare) {
        if (latest == null || latest.source() != FigureSource.ROLLED_UP || latest.places() == null || latest.places().complete()
                || a.status() == ProgressStatus.NO_DATA || a.status() == ProgressStatus.NOT_APPLICABLE) {
            return a;
        }
        Coverage places = latest.places();
        String from = "rolled up from " + places.covered() + " of " + places.of() + " places below";
        if (aggregation == Aggregation.RATIO) {
            if (places.covered() >= minShare * places.of()) {
                return a;
            }
            return a.unjudged(from + ", fewer than the " + Math.round(minShare * 100) + " % a ratio needs to be judged");
        }
        boolean atLeast = comparator == Comparator.GE || comparator == Comparator.GT;
        if (a.status() == ProgressStatus.ACHIEVED && atLeast && nonNegative) {
            return a.withMethod(a.method() + "; achieved by the places that reported (" + from + "): the rest can only add");
        }
        return a.unjudged(from + ": a sum over part of the places is not the total, so it is not judged");
    }
}
