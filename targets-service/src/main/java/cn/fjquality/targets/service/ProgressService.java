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
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

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
        if (envelope.eventId() == null
                || Arrays.stream(MeasurementEventType.values()).noneMatch(t -> t.name().equals(envelope.type()))) {
            LOG.infof("measurements.v1: skipping event %s of type %s", envelope.eventId(), envelope.type());
            return Outcome.SKIPPED;
        }
        if (!inbox.firstDelivery(CONSUMER, envelope.eventId())) {
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
        Target target = targets.findByCodeForUpdate(p.targetCode()).orElse(null);

        DataPoint dp = points.find(p.targetCode(), p.unitCode(), period.id()).orElse(null);
        if (dp != null && p.revision() < dp.revision) {
            LOG.debugf("measurements.v1: %s/%s/%s revision %d is older than %d, ignored", p.targetCode(), p.unitCode(),
                    period.id(), p.revision(), dp.revision);
            return Outcome.STALE;
        }
        if (dp != null && p.revision() == dp.revision) {
            // Same revision: only a later status (a review) changes anything.
            if (p.status().equals(dp.status) || occurred.isBefore(dp.statusAt)) {
                return Outcome.STALE;
            }
            dp.status = p.status();
            dp.statusAt = occurred;
        } else {
            boolean isNew = dp == null;
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
            if (isNew) {
                points.persist(dp);
            }
        }
        points.flush();
        if (target == null) {
            LOG.warnf("measurements.v1: target %s unknown here; value kept, no assessment", p.targetCode());
        } else if (!target.retired()) {
            Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
            List<ReportedValue> values = reported(target.code);
            recompute(target, plan, ScopeSeries.PROVINCE, values, now);
            recompute(target, plan, p.unitCode(), values, now);
        }
        metrics.markDirty();
        return Outcome.APPLIED;
    }

    /** Recomputes every stored scope of the target (after a revision changed its content), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recomputeTarget(Target target) {
        List<ProgressRow> stored = rows.forTarget(target.code);
        if (stored.isEmpty() || target.retired()) {
            return;
        }
        Plan plan = plans.findByCode(target.content.planCode).orElseThrow();
        List<ReportedValue> values = reported(target.code);
        Instant now = Instant.now(clock);
        for (ProgressRow row : stored) {
            recompute(target, plan, row.scope, values, now);
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

    private List<ReportedValue> reported(String targetCode) {
        return points.forTarget(targetCode).stream().map(DataPoint::reported).toList();
    }

    private void recompute(Target target, Plan plan, String scope, List<ReportedValue> values, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ClockProducer.FUJIAN);
        ProgressMethod.Evaluation e = method.evaluate(target, plan, scope, values, today, null, now);
        Assessment a = e.assessment();
        ProgressRow row = rows.find(target.code, scope).orElse(null);
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
            LOG.infof("progress: %s at %s %s -> %s", target.code, scope, previous, row.status);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
