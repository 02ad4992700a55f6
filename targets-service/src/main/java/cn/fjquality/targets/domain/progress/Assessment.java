package cn.fjquality.targets.domain.progress;

import java.util.List;

/**
 * Target vs actual for one scope.
 *
 * @param actual          by kind: latest level, sum since the plan's start, latest year's amount, or change from the baseline
 * @param gap             target − actual (what is still missing; negative once exceeded)
 * @param percentOfTarget actual / target × 100
 * @param forecast        the actual expected at the deadline
 * @param progressRatio   P = (forecast − baseline) / (target − baseline)
 * @param baseline        the starting point P is measured from
 * @param baselineSource  where the baseline comes from (null without data)
 * @param method          how actual and forecast were computed, in words
 * @param used            the observations used
 */
public record Assessment(
        ProgressStatus status,
        Double actual,
        Double gap,
        Double percentOfTarget,
        Double forecast,
        Double progressRatio,
        Double baseline,
        BaselineSource baselineSource,
        String method,
        List<Observation> used) {

    /** Where the baseline P is measured from comes from. */
    public enum BaselineSource {
        /** Set on the target (the document states it, or an administrator set it). */
        STATED,
        /** The scope's figure for the target's base year. */
        BASE_YEAR,
        /** The fallback: the scope's first figure (no base-year figure known). */
        FIRST_REPORT,
        /** Amounts counted from nothing (CUMULATIVE since the plan's start, ANNUAL within the year). */
        ZERO
    }

    static Assessment noData(String why) {
        return new Assessment(ProgressStatus.NO_DATA, null, null, null, null, null, null, null, why, List.of());
    }

    /**
     * The same actual and forecast, not judged (NO_DATA: not enough data to judge; no gap, percent or P): see
     * {@link CoverageRule}.
     */
    public Assessment unjudged(String why) {
        return new Assessment(ProgressStatus.NO_DATA, actual, null, null, forecast, null, baseline, baselineSource,
                method + "; not judged: " + why, used);
    }

    public Assessment withMethod(String words) {
        return new Assessment(status, actual, gap, percentOfTarget, forecast, progressRatio, baseline, baselineSource, words, used);
    }

    /**
     * The same figures, judged NOT_APPLICABLE: a province total (a SUM target) is not the target of a city or county,
     * so its share is shown (actual, forecast) but not measured against it (no gap, percent or P).
     */
    public Assessment notApplicable(String why) {
        if (status == ProgressStatus.NO_DATA) {
            return this;
        }
        return new Assessment(ProgressStatus.NOT_APPLICABLE, actual, null, null, forecast, null, null, null,
                why + "; " + method, used);
    }
}
