package cn.fjquality.targets.service;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.Inbox;
import cn.fjquality.targets.config.ClockProducer;
import cn.fjquality.targets.domain.DataPoint;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.events.period.Period;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.progress.Assessment;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.domain.progress.ReportedValue;
import cn.fjquality.targets.domain.progress.ScopeSeries;
import cn.fjquality.targets.messaging.ProgressEvents;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The write side of the progress projection: applies measurements.v1 events (once each, with the inbox row),
 * keeps the latest revision per (target, unit, period), recomputes the affected assessments and writes
 * ProgressStatusChanged to the outbox when a status changes, all in one transaction.
 */
@ApplicationScoped
public class ProgressService {
    private static final Logger LOG = Logger.getLogger(ProgressService.class);
    public static final String CONSUMER = "targets-service.measurements";

    private final DataPointRepository points;
    private final ProgressRepository rows;
    private final TargetRepository targets;
    private final PlanRepository plans;
    private final Inbox inbox;
    private final EventCodec codec;
    private final ProgressEvents events;
    private final ProgressMethod method;
    private final ProgressMetrics metrics;
    private final Clock clock;

    public ProgressService(DataPointRepository points, ProgressRepository rows, TargetRepository targets, PlanRepository plans,
                           Inbox inbox, EventCodec codec, ProgressEvents events, ProgressMethod method,
                           ProgressMetrics metrics, Clock clock) {
        this.points = points;
        this.rows = rows;
        this.targets = targets;
        this.plans = plans;
        this.inbox = inbox;
        this.codec = codec;
        this.events = events;
        this.method = method;
        this.metrics = metrics;
        this.clock = clock;
    }

    public enum Outcome { APPLIED, STALE, DUPLICATE, SKIPPED }

    /**
     * Applies one event in one transaction with its inbox row.
     *
     * @throws IllegalArgumentException when the payload is not a usable measurement (not worth retrying)
     */
    @Transactional
    public Outcome apply(EventEnvelope envelope) {
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        Map<String, Optional<Target>> locked = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Outcome outcome = store(envelope, locked, touched, counts, perEvent());
        counts.forEach((code, c) -> points.addValueCounts(code, c[0], c[1]));
        recomputeTouched(locked, touched);
        return outcome;
    }

    /**
     * Applies the events of one poll in one transaction, in their order, each with its inbox row, exactly as
     * {@link #apply} would one by one; the assessments of each target they touched are then recomputed once (PROVINCE
     * and every unit an event named), so ProgressStatusChanged tells the net change of the batch. The targets are
     * locked first, in code order (the same order in every transaction). The poll's inbox rows are written and its
     * current values read in one round trip each, and the values written in one flush (JDBC batches): under load the
     * consumer shares the cores with everything else, and each round trip then costs a wait for a core. Anything
     * thrown rolls the whole batch back; the caller then applies the events one by one ({@link #apply}), which skips
     * what can never apply.
     */
    @Transactional
    public void applyAll(List<EventEnvelope> envelopes) {
        Map<String, Optional<Target>> locked = new HashMap<>();
        new TreeSet<>(envelopes.stream().map(ProgressService::targetOf).filter(c -> c != null).toList())
                .forEach(code -> locked.put(code, targets.findByCodeForUpdate(code)));
        Lookups lookups = preloaded(envelopes);
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        for (EventEnvelope envelope : envelopes) {
            store(envelope, locked, touched, counts, lookups);
        }
        points.flush();
        counts.forEach((code, c) -> points.addValueCounts(code, c[0], c[1]));
        recomputeTouched(locked, touched);
    }

    private static String targetOf(EventEnvelope envelope) {
        return envelope.payload() != null && envelope.payload().hasNonNull("targetCode")
                ? envelope.payload().get("targetCode").asText() : null;
    }

    private static boolean isMeasurementEvent(EventEnvelope envelope) {
        return envelope.eventId() != null
                && Arrays.stream(MeasurementEventType.values()).anyMatch(t -> t.name().equals(envelope.type()));
    }

    /** Where {@link #store} checks the inbox and finds and keeps values: per event, or from what a poll preloaded. */
    private interface Lookups {
        boolean firstDelivery(UUID eventId);

        DataPoint find(String target, String unit, String period);

        void stored(DataPoint dp, boolean isNew);
    }

    /** One event in its own transaction: the database each time. */
    private Lookups perEvent() {
        return new Lookups() {
            @Override
            public boolean firstDelivery(UUID eventId) {
                return inbox.firstDelivery(CONSUMER, eventId);
            }

            @Override
            public DataPoint find(String target, String unit, String period) {
                return points.find(target, unit, period).orElse(null);
            }

            @Override
            public void stored(DataPoint dp, boolean isNew) {
                if (isNew) {
                    points.persist(dp);
                }
                points.flush();
                points.getEntityManager().detach(dp);
            }
        };
    }

    /** A poll: its inbox rows inserted and its current values read up front, the writes left to one flush. */
    private Lookups preloaded(List<EventEnvelope> envelopes) {
        List<UUID> ids = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            if (!isMeasurementEvent(envelope)) {
                continue;
            }
            ids.add(envelope.eventId());
            JsonNode p = envelope.payload();
            if (p != null && p.hasNonNull("targetCode") && p.hasNonNull("unitCode") && p.hasNonNull("period")) {
                try {
                    keys.add(new String[] {p.get("targetCode").asText(), p.get("unitCode").asText(), Period.of(p.get("period").asText()).id()});
                } catch (RuntimeException unusable) {
                    // store() rejects it, and the poll is applied one by one
                }
            }
        }
        Set<UUID> fresh = inbox.firstDeliveries(CONSUMER, ids);
        Map<String, DataPoint> current = points.findAll(keys);
        return new Lookups() {
            @Override
            public boolean firstDelivery(UUID eventId) {
                return fresh.remove(eventId); // the same event twice in one poll: once
            }

            @Override
            public DataPoint find(String target, String unit, String period) {
                return current.get(DataPointRepository.key(target, unit, period));
            }

            @Override
            public void stored(DataPoint dp, boolean isNew) {
                if (isNew) {
                    points.persist(dp);
                    current.put(DataPointRepository.key(dp.targetCode, dp.unitCode, dp.period), dp);
                }
            }
        };
    }

    /** The event's value and inbox row; adds to the totals' changes and to the (target, unit) assessments touched. */
    private Outcome store(EventEnvelope envelope, Map<String, Optional<Target>> locked, Map<String, Set<String>> touched,
                          Map<String, long[]> counts, Lookups lookups) {
        if (!isMeasurementEvent(envelope)) {
            LOG.infof("measurements.v1: skipping event %s of type %s", envelope.eventId(), envelope.type());
            return Outcome.SKIPPED;
        }
        if (!lookups.firstDelivery(envelope.eventId())) {
            LOG.debugf("measurements.v1: event %s already applied", envelope.eventId());
            return Outcome.DUPLICATE;
        }
        MeasurementPayload p = codec.payload(envelope, MeasurementPayload.class);
        if (p == null || blank(p.targetCode()) || blank(p.unitCode()) || p.value() == null || blank(p.status())) {
            throw new IllegalArgumentException("payload of event " + envelope.eventId() + " lacks target, unit, value or status");
        }
        Period period = Period.of(p.period());
        Instant now = Instant.now(clock);
        Instant occurred = envelope.occurredAt() != null ? envelope.occurredAt() : now;
        // Locks the target: serializes with revisions of it and with other events of it.
        Target target = locked.computeIfAbsent(p.targetCode(), targets::findByCodeForUpdate).orElse(null);

        DataPoint dp = lookups.find(p.targetCode(), p.unitCode(), period.id());
        String statusBefore = dp == null ? null : dp.status;
        if (dp != null && p.revision() < dp.revision) {
            LOG.debugf("measurements.v1: %s/%s/%s revision %d is older than %d, ignored", p.targetCode(), p.unitCode(),
                    period.id(), p.revision(), dp.revision);
            return Outcome.STALE;
        }
        boolean isNew = dp == null;
        if (dp != null && p.revision() == dp.revision) {
            // Same revision: only a later status (a review) changes anything.
            if (p.status().equals(dp.status) || occurred.isBefore(dp.statusAt)) {
                return Outcome.STALE;
            }
            dp.status = p.status();
            dp.statusAt = occurred;
        } else {
            if (isNew) {
                dp = new DataPoint();
                dp.targetCode = p.targetCode();
                dp.unitCode = p.unitCode();
                dp.period = period.id();
            }
            dp.periodStart = period.start();
            dp.periodEnd = period.end();
            dp.measurementId = p.measurementId();
            dp.revision = p.revision();
            dp.value = p.value().doubleValue();
            dp.numerator = p.numerator() == null ? null : p.numerator().doubleValue();
            dp.denominator = p.denominator() == null ? null : p.denominator().doubleValue();
            dp.status = p.status();
            dp.statusAt = occurred;
            dp.submittedAt = p.submittedAt() != null ? p.submittedAt() : occurred;
            dp.receivedAt = now;
        }
        lookups.stored(dp, isNew);
        long[] delta = counts.computeIfAbsent(p.targetCode(), k -> new long[2]);
        delta[0] += flag(!ScopeSeries.RETURNED.equals(dp.status)) - flag(statusBefore != null && !ScopeSeries.RETURNED.equals(statusBefore));
        delta[1] += flag(ScopeSeries.APPROVED.equals(dp.status)) - flag(ScopeSeries.APPROVED.equals(statusBefore));
        if (target == null) {
            LOG.warnf("measurements.v1: target %s unknown here; value kept, no assessment", p.targetCode());
        } else if (!target.retired()) {
            touched.computeIfAbsent(target.code, c -> new LinkedHashSet<>()).add(p.unitCode());
        }
        metrics.markDirty();
        return Outcome.APPLIED;
    }

    /** PROVINCE and the touched units of each touched target, from their values only (other units: kept totals). */
    private void recomputeTouched(Map<String, Optional<Target>> locked, Map<String, Set<String>> touched) {
        Instant now = Instant.now(clock);
        for (Map.Entry<String, Set<String>> e : touched.entrySet()) {
            Target target = locked.get(e.getKey()).orElseThrow();
            Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
            Set<String> units = new LinkedHashSet<>(ProgressMethod.scopeUnits(target, ScopeSeries.PROVINCE));
            units.addAll(e.getValue());
            List<ReportedValue> values = points.reported(target.code, units);
            long notLoaded = method.notLoaded(points.valueCounts(target.code), values);
            Set<String> scopes = new LinkedHashSet<>(e.getValue());
            scopes.add(ScopeSeries.PROVINCE);
            Map<String, ProgressRow> stored = rows.atScopes(target.code, scopes);
            recompute(target, plan, ScopeSeries.PROVINCE, values, notLoaded, now, stored.get(ScopeSeries.PROVINCE));
            for (String unit : e.getValue()) {
                recompute(target, plan, unit, values, 0, now, stored.get(unit));
            }
        }
    }

    /** Recomputes every stored scope of the target (after a revision changed its content), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recomputeTarget(Target target) {
        List<ProgressRow> stored = rows.forTarget(target.code);
        if (stored.isEmpty() || target.retired()) {
            return;
        }
        Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
        List<ReportedValue> values = points.reported(target.code);
        // One pass per unit, not over every value per scope (a target can have a thousand unit scopes).
        Map<String, List<ReportedValue>> byUnit = values.stream().collect(Collectors.groupingBy(ReportedValue::unitCode));
        Instant now = Instant.now(clock);
        for (ProgressRow row : stored) {
            List<ReportedValue> scoped = ScopeSeries.PROVINCE.equals(row.scope) ? values : byUnit.getOrDefault(row.scope, List.of());
            recompute(target, plan, row.scope, scoped, 0, now, row);
        }
        metrics.markDirty();
    }

    /** A retired target leaves the scorecard and the gauges. */
    public void retired() {
        metrics.markDirty();
    }

    /** Recomputes every stored assessment, one target per transaction (the daily run: as-of date and stale move on). */
    public int recomputeAll() {
        int n = 0;
        for (String code : QuarkusTransaction.requiringNew().call(rows::targetCodes)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> targets.findByCodeForUpdate(code).ifPresent(this::recomputeTarget));
                n++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "progress: recompute of %s failed; the next run tries again", code);
            }
        }
        return n;
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }

    /** @param row the stored assessment of the scope, null when there is none yet */
    private void recompute(Target target, Plan plan, String scope, List<ReportedValue> values, long notLoaded, Instant now,
                           ProgressRow row) {
        LocalDate today = LocalDate.ofInstant(now, ClockProducer.FUJIAN);
        ProgressMethod.Evaluation e = method.evaluate(target, plan, scope, values, today, null, now, notLoaded);
        Assessment a = e.assessment();
        ProgressStatus previous = row == null ? ProgressStatus.NO_DATA : row.status;
        boolean isNew = row == null;
        if (isNew) {
            row = new ProgressRow();
            row.targetCode = target.code;
            row.scope = scope;
        }
        row.status = a.status();
        row.actual = a.actual();
        row.gap = a.gap();
        row.percentOfTarget = a.percentOfTarget();
        row.forecast = a.forecast();
        row.progressRatio = a.progressRatio();
        row.baseline = a.baseline();
        row.method = e.method();
        row.lastReportAt = e.lastReportAt();
        row.stale = e.stale();
        row.computedAt = now;
        if (isNew) {
            rows.persist(row);
        }
        if (previous != row.status) {
            events.statusChanged(row, previous, now);
            // DEBUG: the ProgressStatusChanged event is the record; at INFO a busy stream logged a line per flip
            LOG.debugf("progress: %s at %s %s -> %s", target.code, scope, previous, row.status);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
