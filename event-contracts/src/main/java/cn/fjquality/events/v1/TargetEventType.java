package cn.fjquality.events.v1;

/** Event types on {@code targets.v1}; each carries a full {@link TargetPayload}. */
public enum TargetEventType {
    TargetPublished,
    TargetRevised,
    TargetRetired;

    public static final int SCHEMA_VERSION = 1;
}
