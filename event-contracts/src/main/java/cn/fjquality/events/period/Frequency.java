package cn.fjquality.events.period;

/** How often a target is reported; the period id's shape follows from it. */
public enum Frequency {
    YEAR, HALF, QUARTER, MONTH;

    /** Parses a target's reportingFrequency; null when unknown. */
    public static Frequency of(String name) {
        if (name == null) {
            return null;
        }
        for (Frequency f : values()) {
            if (f.name().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        return null;
    }
}
