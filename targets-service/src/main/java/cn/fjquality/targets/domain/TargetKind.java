package cn.fjquality.targets.domain;

/** Kinds of target and what a reported value means (see docs/targets-service.md). */
public enum TargetKind {
    RATE,
    INDEX,
    LEVEL,
    CUMULATIVE,
    ANNUAL,
    RELATIVE_CHANGE
}
