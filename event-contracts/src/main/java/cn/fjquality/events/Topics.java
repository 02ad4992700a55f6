package cn.fjquality.events;

/** Topic names. The version suffix changes only with an incompatible envelope change. */
public final class Topics {
    public static final String UNITS = "units.v1";
    public static final String TARGETS = "targets.v1";
    public static final String MEASUREMENTS = "measurements.v1";
    public static final String PROGRESS = "progress.v1";

    private Topics() {
    }
}
