package cn.fjquality.reports.messaging;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.v1.TargetEventType;
import cn.fjquality.events.v1.TargetPayload;
import cn.fjquality.events.v1.UnitEventType;
import cn.fjquality.events.v1.UnitPayload;
import cn.fjquality.events.Topics;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.EventDelivery;
import cn.fjquality.outbox.Inbox;
import cn.fjquality.events.period.DueDates;
import cn.fjquality.events.period.Frequency;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.service.Lookups;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Keeps the local copies of units (units.v1) and targets (targets.v1). Each event is applied in one
 * transaction together with its inbox row, so a redelivered event changes nothing; an older version or
 * revision than the one held is ignored (events of one aggregate arrive in order, but replays may not).
 * {@link EventDelivery} retries an event until its transaction commits, so a database outage loses nothing.
 */
@ApplicationScoped
public class ReferenceDataConsumer {
    static final String UNITS_CONSUMER = "reports-service.units";
    static final String TARGETS_CONSUMER = "reports-service.targets";
    private static final Logger LOG = Logger.getLogger(ReferenceDataConsumer.class);
    private static final Pattern DIVISION_CODE = Pattern.compile("[0-9]{6}");
    private static final Set<String> DEPARTMENT_FIGURES = Set.of("LEAD_FIGURE", "SUM_OF_SHARES");

    private final EventCodec codec;
    private final EventDelivery delivery;
    private final Inbox inbox;
    private final UnitCopyRepository units;
    private final TargetCopyRepository targets;
    private final Lookups lookups;

    public ReferenceDataConsumer(EventCodec codec, EventDelivery delivery, Inbox inbox, UnitCopyRepository units,
                                 TargetCopyRepository targets, Lookups lookups) {
        this.lookups = lookups;
        this.codec = codec;
        this.delivery = delivery;
        this.inbox = inbox;
        this.units = units;
        this.targets = targets;
    }

    @Incoming("units-in")
    @Blocking
    public void onUnitEvent(String json) {
        delivery.deliver(Topics.UNITS, json, envelope -> {
            QuarkusTransaction.requiringNew().run(() -> applyUnit(envelope));
            lookups.forget(); // committed: later submissions read the changed copy
        });
    }

    @Incoming("targets-in")
    @Blocking
    public void onTargetEvent(String json) {
        delivery.deliver(Topics.TARGETS, json, envelope -> {
            QuarkusTransaction.requiringNew().run(() -> applyTarget(envelope));
            lookups.forget();
        });
    }

    private void applyUnit(EventEnvelope envelope) {
        if (Arrays.stream(UnitEventType.values()).noneMatch(t -> t.name().equals(envelope.type()))) {
            LOG.debugf("units.v1: skipping event type %s", envelope.type());
            return;
        }
        if (envelope.eventId() == null || !inbox.firstDelivery(UNITS_CONSUMER, envelope.eventId())) {
            return;
        }
        UnitPayload p;
        try {
            p = codec.payload(envelope, UnitPayload.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a UnitPayload: " + e.getMessage(), e); // to units.v1.dlq
        }
        if (p.code() == null || p.activeFrom() == null || p.type() == null || p.code().length() > 32 || p.type().length() > 40
                || (p.parentCode() != null && p.parentCode().length() > 32)) {
            // A record this copy cannot hold would fail its transaction on every redelivery: give it up to units.v1.dlq.
            throw new IllegalArgumentException("code, type or activeFrom missing or too long for the local copy");
        }
        UnitCopy u = units.findById(p.code());
        if (u != null && u.version > p.version()) {
            return;
        }
        if (u == null) {
            u = new UnitCopy();
            u.code = p.code();
        }
        u.nameZh = cut(p.nameZh() == null ? p.code() : p.nameZh(), 200);
        u.nameEn = cut(p.nameEn(), 300);
        u.type = p.type();
        u.parentCode = p.parentCode();
        u.activeFrom = p.activeFrom();
        u.activeTo = p.activeTo();
        u.version = p.version();
        u.divisionCode = divisionCode(p, envelope);
        u.updatedAt = Instant.now();
        units.persist(u);
    }

    private void applyTarget(EventEnvelope envelope) {
        if (Arrays.stream(TargetEventType.values()).noneMatch(t -> t.name().equals(envelope.type()))) {
            LOG.debugf("targets.v1: skipping event type %s", envelope.type());
            return;
        }
        if (envelope.eventId() == null || !inbox.firstDelivery(TARGETS_CONSUMER, envelope.eventId())) {
            return;
        }
        TargetPayload p;
        try {
            p = codec.payload(envelope, TargetPayload.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a TargetPayload: " + e.getMessage(), e); // to targets.v1.dlq
        }
        if (p.code() == null || p.code().length() > 64 || Frequency.of(p.reportingFrequency()) == null
                || (p.aggregation() != null && p.aggregation().length() > 20)) {
            throw new IllegalArgumentException("code missing or too long, or unknown reportingFrequency " + p.reportingFrequency()
                    + ": the local copy cannot hold it"); // to targets.v1.dlq
        }
        TargetCopy t = targets.findById(p.code());
        if (t != null && t.revision > p.revision()) {
            return;
        }
        if (t == null) {
            t = new TargetCopy();
            t.code = p.code();
        }
        t.revision = p.revision();
        t.planCode = cut(p.planCode(), 64);
        t.planStartYear = p.planStartYear();
        t.planEndYear = p.planEndYear();
        t.nameZh = cut(p.nameZh(), 500);
        t.nameEn = cut(p.nameEn(), 500);
        t.kind = cut(p.kind(), 40);
        t.unitOfMeasure = cut(p.unit(), 40);
        t.reportingFrequency = Frequency.of(p.reportingFrequency()).name();
        t.aggregation = p.aggregation() == null ? TargetCopy.LEAD_UNIT_ONLY : p.aggregation().toUpperCase(Locale.ROOT);
        t.lowerBound = p.lowerBound();
        t.upperBound = p.upperBound();
        t.leadUnits = p.leadUnits() == null ? new ArrayList<>() : new ArrayList<>(p.leadUnits());
        t.contributingUnits = p.contributingUnits() == null ? new ArrayList<>() : new ArrayList<>(p.contributingUnits());
        t.retired = p.retired() || TargetEventType.TargetRetired.name().equals(envelope.type());
        t.baselineYear = p.baselineYear();
        t.departmentFigures = departmentFigures(p, envelope);
        t.reportDueAfter = reportDueAfter(p, envelope);
        t.updatedAt = Instant.now();
        targets.persist(t);
    }

    /** A 6-digit division code, else null: a malformed one is logged and not kept (it must not cost the unit its copy). */
    private static String divisionCode(UnitPayload p, EventEnvelope envelope) {
        String d = p.divisionCode() == null ? null : p.divisionCode().trim();
        if (d == null || d.isEmpty()) {
            return null;
        }
        if (!DIVISION_CODE.matcher(d).matches()) {
            LOG.warnf("units.v1: %s %s of unit %s: divisionCode '%s' is not 6 digits; kept without one", envelope.type(),
                    envelope.eventId(), p.code(), cut(d, 40));
            return null;
        }
        return d;
    }

    private static String departmentFigures(TargetPayload p, EventEnvelope envelope) {
        String f = p.departmentFigures() == null ? null : p.departmentFigures().trim().toUpperCase(Locale.ROOT);
        if (f == null || f.isEmpty()) {
            return null;
        }
        if (!DEPARTMENT_FIGURES.contains(f)) {
            LOG.warnf("targets.v1: %s %s of target %s: unknown departmentFigures '%s'; kept as the default (LEAD_FIGURE)",
                    envelope.type(), envelope.eventId(), p.code(), cut(f, 40));
            return null;
        }
        return f;
    }

    /**
     * The target's own due offset in ISO-8601 form; null for the frequency's default. One that does not parse is logged
     * and taken as the default: the consumer must not stop on it (the event would block its partition).
     */
    private static String reportDueAfter(TargetPayload p, EventEnvelope envelope) {
        try {
            return DueDates.parseAfter(p.reportDueAfter()).map(java.time.Period::toString).orElse(null);
        } catch (IllegalArgumentException e) {
            LOG.warnf("targets.v1: %s %s of target %s: reportDueAfter not taken (%s); its reports are due by the default of %s",
                    envelope.type(), envelope.eventId(), p.code(), e.getMessage(), p.reportingFrequency());
            return null;
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
