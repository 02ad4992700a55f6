package cn.fjquality.events.v1;

/** Event types on {@code progress.v1}. */
public enum ProgressEventType {
    ProgressStatusChanged;

    public static final int SCHEMA_VERSION = 1;
}
