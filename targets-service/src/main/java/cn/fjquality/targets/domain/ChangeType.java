package cn.fjquality.targets.domain;

/** What a revision did. */
public enum ChangeType {
    PUBLISHED,
    REVISED,
    RETIRED
}
