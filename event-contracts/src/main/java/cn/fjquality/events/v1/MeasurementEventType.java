package cn.fjquality.events.v1;

/** Event types on {@code measurements.v1}; each carries a {@link MeasurementPayload}. */
public enum MeasurementEventType {
    /** A new revision of a (target, unit, period) value was stored. */
    MeasurementRecorded,
    /** A lead unit or admin approved or returned a revision. */
    MeasurementReviewed;

    public static final int SCHEMA_VERSION = 1;
}
