package cn.fjquality.targets.domain.progress;

/** Where a place's figure for a period comes from. */
public enum FigureSource {
    /** Reported for that place and period. */
    REPORTED,
    /** Derived from the place's own values for finer periods (a year from its quarters). */
    DERIVED,
    /** Rolled up from the figures of the places below it (a city from its counties). */
    ROLLED_UP
}
