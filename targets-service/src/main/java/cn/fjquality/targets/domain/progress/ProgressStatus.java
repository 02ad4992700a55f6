package cn.fjquality.targets.domain.progress;

/** Target-vs-actual status, in the order it is decided. */
public enum ProgressStatus {
    /** The actual already satisfies the target's comparator. */
    ACHIEVED,
    /** Forecast ratio P ≥ 0.95. */
    ON_TRACK,
    /** 0.6 ≤ P < 0.95. */
    NEEDS_ACCELERATION,
    /** 0 ≤ P < 0.6. */
    OFF_TRACK,
    /** P < 0: moving away from the target. */
    DETERIORATING,
    /** Nothing reported yet (or nothing to judge against). */
    NO_DATA,
    /** The target does not apply at this scope: a province total (SUM) is not a city's or county's target. */
    NOT_APPLICABLE
}
