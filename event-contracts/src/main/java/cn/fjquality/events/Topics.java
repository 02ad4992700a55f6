package cn.fjquality.events;

/** Topic names. The version suffix changes only with an incompatible envelope change. */
public final class Topics {
    public static final String UNITS = "units.v1";
    public static final String TARGETS = "targets.v1";
    public static final String MEASUREMENTS = "measurements.v1";
    public static final String PROGRESS = "progress.v1";
    /** Suffix of a consumed topic's dead-letter topic: records a consumer could not apply (EventDelivery). */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /** The dead-letter topic of a consumed topic, e.g. {@code measurements.v1.dlq}. */
    public static String deadLetters(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
