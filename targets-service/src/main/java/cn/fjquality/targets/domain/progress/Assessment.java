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
        String method,
        List<Observation> used) {

    static Assessment noData(String why) {
        return new Assessment(ProgressStatus.NO_DATA, null, null, null, null, null, null, why, List.of());
    }
}
