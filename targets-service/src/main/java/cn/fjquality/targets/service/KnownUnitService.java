package cn.fjquality.targets.service;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.v1.UnitPayload;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.Inbox;
import cn.fjquality.targets.domain.KnownUnit;
import cn.fjquality.targets.domain.KnownUnitRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Arrays;

/** Applies units.v1 events to the local known_unit table, once per event, keeping the highest version per unit. */
@ApplicationScoped
public class KnownUnitService {
    private static final Logger LOG = Logger.getLogger(KnownUnitService.class);
    public static final String CONSUMER = "targets-service.units";

    private final KnownUnitRepository units;
    private final Inbox inbox;
    private final EventCodec codec;

    public KnownUnitService(KnownUnitRepository units, Inbox inbox, EventCodec codec) {
        this.units = units;
        this.inbox = inbox;
        this.codec = codec;
    }

    public enum Outcome { APPLIED, STALE, DUPLICATE, SKIPPED }

    /**
     * Applies one event in one transaction with its inbox row.
     *
     * @throws IllegalArgumentException when the payload is not a unit (not worth retrying)
     */
    @Transactional
    public Outcome apply(EventEnvelope envelope) {
        if (envelope.eventId() == null || Arrays.stream(UnitEventType.values()).noneMatch(t -> t.name().equals(envelope.type()))) {
            LOG.infof("units.v1: skipping event %s of type %s", envelope.eventId(), envelope.type());
            return Outcome.SKIPPED;
        }
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
            LOG.debugf("units.v1: event %s already applied", envelope.eventId());
            return Outcome.DUPLICATE;
        }
        UnitPayload p = codec.payload(envelope, UnitPayload.class);
        if (p == null || p.code() == null || p.code().isBlank()) {
            throw new IllegalArgumentException("payload of event " + envelope.eventId() + " has no unit code");
        }
        KnownUnit u = new KnownUnit();
        u.code = p.code();
        u.nameZh = p.nameZh();
        u.nameEn = p.nameEn();
        u.type = p.type();
        u.parentCode = p.parentCode();
        u.activeFrom = p.activeFrom();
        u.activeTo = p.activeTo();
        u.divisionCode = p.divisionCode();
        u.version = p.version();
        boolean changed = units.upsertIfNewer(u);
        LOG.debugf("units.v1: %s %s v%d %s", envelope.type(), p.code(), p.version(), changed ? "applied" : "older than known, ignored");
        return changed ? Outcome.APPLIED : Outcome.STALE;
    }
}
