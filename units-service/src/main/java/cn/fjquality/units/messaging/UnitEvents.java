package cn.fjquality.units.messaging;

import cn.fjquality.events.Topics;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.v1.UnitPayload;
import cn.fjquality.outbox.OutboxWriter;
import cn.fjquality.units.domain.Unit;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes {@code units.v1} events to the outbox, in the caller's transaction. */
@ApplicationScoped
public class UnitEvents {
    private final OutboxWriter outbox;

    public UnitEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void emit(UnitEventType type, Unit unit) {
        // Callers flush first, so the version is the one stored; consumers keep the highest they saw.
        UnitPayload payload = new UnitPayload(unit.code, unit.nameZh, unit.nameEn, unit.type.name(),
                unit.parentCode, unit.activeFrom, unit.activeTo, unit.version, unit.divisionCode);
        outbox.append(Topics.UNITS, unit.code, type, UnitEventType.SCHEMA_VERSION, payload);
    }
}
