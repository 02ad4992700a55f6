package cn.fjquality.targets.domain;

/** How actuals combine across units (SUM, numerator/denominator RATIO, or the lead unit's value only). */
public enum Aggregation {
    SUM,
    RATIO,
    LEAD_UNIT_ONLY
}
