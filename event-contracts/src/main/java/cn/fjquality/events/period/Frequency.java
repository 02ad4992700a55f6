package cn.fjquality.events.period;

/** How often a target is reported; the period id's shape follows from it. Declared from the coarsest to the finest. */
public enum Frequency {
    YEAR(12), HALF(6), QUARTER(3), MONTH(1);

    private final int months;

    Frequency(int months) {
        this.months = months;
    }

    /** How many months one period of this frequency lasts. */
    public int months() {
        return months;
    }

    /** How many periods of this frequency a year holds. */
    public int perYear() {
        return 12 / months;
    }

    /** Whether a period of {@code other} always lies within one period of this frequency (a year holds its quarters). */
    public boolean isCoarserThan(Frequency other) {
        return months > other.months;
    }

    /** The next finer frequency (YEAR → HALF → QUARTER → MONTH), null for MONTH. */
    public Frequency finer() {
        return this == MONTH ? null : values()[ordinal() + 1];
    }

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
