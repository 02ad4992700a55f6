package cn.fjquality.targets.domain;

/** How the actual is compared with the target value. */
public enum Comparator {
    GE,
    GT,
    LE,
    LT,
    EQ
}
