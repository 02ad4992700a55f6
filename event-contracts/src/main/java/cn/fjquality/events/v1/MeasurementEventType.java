package cn.fjquality.events.v1;

/**
 * Event types on {@code measurements.v1}. MeasurementRecorded and MeasurementReviewed carry a {@link MeasurementPayload};
 * MeasurementsRecorded (added 2026-12) carries a {@link MeasurementBatchPayload}, several revisions of one target.
 */
public enum MeasurementEventType {
    /** A new revision of a (target, unit, period) value was stored. */
    MeasurementRecorded,
    /** A lead unit or admin approved or returned a revision. */
    MeasurementReviewed,
    /** New revisions of one target's values, stored together (an import chunk). Added 2026-12. */
    MeasurementsRecorded;

    public static final int SCHEMA_VERSION = 1;
}
