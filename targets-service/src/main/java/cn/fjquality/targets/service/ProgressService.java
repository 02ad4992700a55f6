package cn.fjquality.targets.service;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.events.period.Period;
import cn.fjquality.events.v1.MeasurementBatchPayload;
import cn.fjquality.events.v1.MeasurementEventType;
import cn.fjquality.events.v1.MeasurementPayload;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.outbox.Inbox;
import cn.fjquality.targets.domain.DataPoint;
import cn.fjquality.targets.domain.DataPointRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.progress.PlaceTree;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The write side of the progress projection: applies measurements.v1 events (once each, with the inbox row), keeps
 * the latest revision of each measurement (a unit's value for one target, place and period), and has the scopes they
 * touched recomputed ({@link Assessments}), all in one transaction.
 */
@ApplicationScoped
public class ProgressService {
    private static final Logger LOG = Logger.getLogger(ProgressService.class);
    public static final String CONSUMER = "targets-service.measurements";

    private final DataPointRepository points;
    private final ProgressRepository rows;
    private final TargetRepository targets;
    private final Inbox inbox;
    private final EventCodec codec;
    private final Assessments assessments;
    private final ProgressMetrics metrics;
    private final Clock clock;

    public ProgressService(DataPointRepository points, ProgressRepository rows, TargetRepository targets, Inbox inbox,
                           EventCodec codec, Assessments assessments, ProgressMetrics metrics, Clock clock) {
        this.points = points;
        this.rows = rows;
        this.targets = targets;
        this.inbox = inbox;
        this.codec = codec;
        this.assessments = assessments;
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
        Changes touched = new Changes();
        Map<String, Optional<Target>> locked = new HashMap<>();
        // A batch's values are read up front and written in one flush, as a poll's are.
        Lookups lookups = isBatch(envelope) ? preloaded(List.of(envelope)) : perEvent();
        Outcome outcome = store(envelope, locked, touched, lookups);
        points.flush();
        lookups.release();
        recomputeTouched(touched);
        return outcome;
    }

    /**
     * Applies the events of one poll in one transaction, in their order, each with its inbox row, exactly as
     * {@link #apply} would one by one; the assessments each target's events touched are then recomputed once, so
     * ProgressStatusChanged tells the net change of the batch. The targets are locked first, in code order (the same
     * order in every transaction). The poll's inbox rows are written and its stored values read in one round trip
     * each, and the values written in one flush (JDBC batches). Anything thrown rolls the whole batch back; the caller
     * then applies the events one by one ({@link #apply}), which skips what can never apply.
     */
    @Transactional
    public void applyAll(List<EventEnvelope> envelopes) {
        Map<String, Optional<Target>> locked = new HashMap<>();
        new TreeSet<>(envelopes.stream().map(ProgressService::targetOf).filter(c -> c != null).toList())
                .forEach(code -> locked.put(code, targets.findByCodeForUpdate(code)));
        Lookups lookups = preloaded(envelopes);
        Changes touched = new Changes();
        for (EventEnvelope envelope : envelopes) {
            store(envelope, locked, touched, lookups);
        }
        points.flush();
        lookups.release();
        recomputeTouched(touched);
    }

    /** What one transaction's values changed. */
    private static final class Changes {
        /** The targets whose values changed, by code. */
        final Map<String, Target> changed = new TreeMap<>();
        /** Per assessed (known, not retired) target: the (unit, place) of each changed value. */
        final Map<String, Set<String[]>> scopes = new LinkedHashMap<>();
    }

    /** The target an event names (its payload's targetCode), null when none. */
    public static String targetOf(EventEnvelope envelope) {
        return envelope.payload() != null && envelope.payload().hasNonNull("targetCode")
                ? envelope.payload().get("targetCode").asText() : null;
    }

    private static boolean isBatch(EventEnvelope envelope) {
        return MeasurementEventType.MeasurementsRecorded.name().equals(envelope.type());
    }

    private static boolean isMeasurementEvent(EventEnvelope envelope) {
        return envelope.eventId() != null
                && Arrays.stream(MeasurementEventType.values()).anyMatch(t -> t.name().equals(envelope.type()));
    }

    /** Where {@link #store} checks the inbox and finds and keeps values: per event, or from what a poll preloaded. */
    private interface Lookups {
        boolean firstDelivery(UUID eventId);

        DataPoint find(String measurementId);

        void stored(DataPoint dp, boolean isNew);

        /**
         * After the flush: the values leave the persistence context. The recompute's queries then no longer dirty-check
         * them before each query (Hibernate's auto-flush, 41 % of the consumer's samples in an import's profile).
         */
        default void release() {
        }
    }

    /** One event in its own transaction: the database each time. */
    private Lookups perEvent() {
        return new Lookups() {
            @Override
            public boolean firstDelivery(UUID eventId) {
                return inbox.firstDelivery(CONSUMER, eventId);
            }

            @Override
            public DataPoint find(String measurementId) {
                return points.findByMeasurement(measurementId).orElse(null);
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

    /** A poll: its inbox rows inserted and its stored values read up front, the writes left to one flush. */
    private Lookups preloaded(List<EventEnvelope> envelopes) {
        List<UUID> ids = new ArrayList<>();
        Set<String> measurements = new LinkedHashSet<>();
        for (EventEnvelope envelope : envelopes) {
            if (!isMeasurementEvent(envelope)) {
                continue;
            }
            ids.add(envelope.eventId());
            JsonNode p = envelope.payload();
            if (p == null) {
                continue;
            }
            Iterable<JsonNode> values = isBatch(envelope) ? p.path("measurements") : List.of(p);
            for (JsonNode value : values) {
                if (value.hasNonNull("measurementId")) {
                    measurements.add(value.get("measurementId").asText());
                }
            }
        }
        Set<UUID> fresh = inbox.firstDeliveries(CONSUMER, ids);
        Map<String, DataPoint> current = points.findByMeasurements(measurements);
        return new Lookups() {
            @Override
            public boolean firstDelivery(UUID eventId) {
                return fresh.remove(eventId); // the same event twice in one poll: once
            }

            @Override
            public DataPoint find(String measurementId) {
                return current.get(measurementId);
            }

            @Override
            public void stored(DataPoint dp, boolean isNew) {
                if (isNew) {
                    points.persist(dp);
                    current.put(dp.measurementId, dp);
                }
            }

            @Override
            public void release() {
                current.values().forEach(points.getEntityManager()::detach);
            }
        };
    }

    /** The event's value and inbox row; adds the (unit, place) it names to what its target's recompute touches. */
    private Outcome store(EventEnvelope envelope, Map<String, Optional<Target>> locked, Changes touched,
                          Lookups lookups) {
        if (!isMeasurementEvent(envelope)) {
            LOG.infof("measurements.v1: skipping event %s of type %s", envelope.eventId(), envelope.type());
            return Outcome.SKIPPED;
        }
        if (!lookups.firstDelivery(envelope.eventId())) {
            LOG.debugf("measurements.v1: event %s already applied", envelope.eventId());
            return Outcome.DUPLICATE;
        }
        Instant now = Instant.now(clock);
        Instant occurred = envelope.occurredAt() != null ? envelope.occurredAt() : now;
        if (!isBatch(envelope)) {
            return storeValue(valueOf(envelope, codec.payload(envelope, MeasurementPayload.class)), now, occurred, locked,
                    touched, lookups);
        }
        // Several revisions of one target (an import chunk): each applied as its own MeasurementRecorded would be.
        MeasurementBatchPayload batch = codec.payload(envelope, MeasurementBatchPayload.class);
        if (batch == null || blank(batch.targetCode()) || batch.measurements() == null || batch.measurements().isEmpty()) {
            throw new IllegalArgumentException("payload of event " + envelope.eventId() + " lacks its target or measurements");
        }
        Outcome outcome = Outcome.STALE;
        for (MeasurementPayload item : batch.measurements()) {
            MeasurementPayload p = valueOf(envelope, item);
            if (!batch.targetCode().equals(p.targetCode())) {
                throw new IllegalArgumentException("event " + envelope.eventId() + " of target " + batch.targetCode()
                        + " holds a value of " + p.targetCode());
            }
            if (storeValue(p, now, occurred, locked, touched, lookups) == Outcome.APPLIED) {
                outcome = Outcome.APPLIED;
            }
        }
        return outcome;
    }

    /** The payload when it names a usable measurement, else IllegalArgumentException (the event can never apply). */
    private static MeasurementPayload valueOf(EventEnvelope envelope, MeasurementPayload p) {
        if (p == null || blank(p.measurementId()) || blank(p.targetCode()) || blank(p.unitCode()) || p.value() == null
                || blank(p.status())) {
            throw new IllegalArgumentException("payload of event " + envelope.eventId()
                    + " lacks measurement id, target, unit, value or status");
        }
        return p;
    }

    /** One revision: kept when newer than the stored one; its (unit, place) added to what the target's recompute touches. */
    private Outcome storeValue(MeasurementPayload p, Instant now, Instant occurred, Map<String, Optional<Target>> locked,
                               Changes touched, Lookups lookups) {
        Period period = Period.of(p.period());
        // Locks the target: serializes with revisions of it and with other events of it.
        Target target = locked.computeIfAbsent(p.targetCode(), targets::findByCodeForUpdate).orElse(null);

        DataPoint dp = lookups.find(p.measurementId());
        if (dp != null && p.revision() < dp.revision) {
            LOG.debugf("measurements.v1: %s revision %d is older than %d, ignored", p.measurementId(), p.revision(), dp.revision);
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
                dp.measurementId = p.measurementId();
            }
            dp.targetCode = p.targetCode();
            dp.unitCode = p.unitCode();
            // An event written before values named places describes the unit's own place: kept as the unit's code and
            // resolved through the registry when read (PlaceTree.placeOf), so it never waits for units.v1.
            dp.placeCode = blank(p.placeCode()) ? p.unitCode() : p.placeCode();
            dp.period = period.id();
            dp.periodStart = period.start();
            dp.periodEnd = period.end();
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
        if (target == null) {
            LOG.warnf("measurements.v1: target %s unknown here; value kept, no assessment", p.targetCode());
        } else {
            touched.changed.put(target.code, target);
            if (!target.retired()) {
                touched.scopes.computeIfAbsent(target.code, c -> new LinkedHashSet<>()).add(new String[] {dp.unitCode, dp.placeCode});
            }
        }
        metrics.markDirty();
        return Outcome.APPLIED;
    }

    /** Each touched target's scopes (the province, the places named and above them, the reporting units), once. */
    private void recomputeTouched(Changes touched) {
        // Every target whose values changed counts it (retired ones too: their values can still be read).
        touched.changed.values().forEach(targets::bumpDataVersion);
        if (touched.scopes.isEmpty()) {
            return;
        }
        ProgressCache.Registry registry = assessments.registry();
        PlaceTree tree = registry.tree();
        for (Map.Entry<String, Set<String[]>> e : touched.scopes.entrySet()) {
            Target target = touched.changed.get(e.getKey());
            Set<String> scopes = new LinkedHashSet<>();
            for (String[] unitAndPlace : e.getValue()) {
                scopes.addAll(Assessments.scopesTouched(tree, unitAndPlace[0], unitAndPlace[1]));
            }
            assessments.recompute(target, registry, scopes);
        }
    }

    /** Recomputes every stored scope of the target (after a revision changed its content), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recomputeTarget(Target target) {
        assessments.recomputeStored(target);
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

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
