package cn.fjquality.events.v1;

import java.util.List;

/**
 * The revisions of one target stored together in one transaction (an import chunk), as one event
 * ({@link MeasurementEventType#MeasurementsRecorded}): each item says exactly what a MeasurementRecorded of it would.
 * One event per (chunk, target), so it is keyed and ordered like that target's single events.
 *
 * @param targetCode   the target every item is of (the record key)
 * @param measurements the revisions, in the order they were stored; at most {@link #MAX_ITEMS}
 */
public record MeasurementBatchPayload(String targetCode, List<MeasurementPayload> measurements) {
    /** Items per event: about 350 bytes each as JSON, so an event stays far below Kafka's 1 MB default record limit. */
    public static final int MAX_ITEMS = 500;
}
