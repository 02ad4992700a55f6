package cn.fjquality.targets.domain;

/** How often actuals are reported. */
public enum ReportingFrequency {
    YEAR,
    HALF,
    QUARTER,
    MONTH
}
