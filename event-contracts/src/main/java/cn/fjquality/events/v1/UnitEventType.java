package cn.fjquality.events.v1;

/** Event types on {@code units.v1}; each carries a full {@link UnitPayload} (event-carried state transfer). */
public enum UnitEventType {
    UnitRegistered,
    UnitUpdated,
    UnitDeactivated;

    public static final int SCHEMA_VERSION = 1;
}
