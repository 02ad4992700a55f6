package cn.fjquality.targets.domain;

/** Which way the indicator should move. */
public enum Direction {
    INCREASE,
    DECREASE
}
