package cn.fjquality.targets.service;

import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.ProgressRepository;
import cn.fjquality.targets.domain.ProgressRow;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.TargetRepository;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.support.ClockProducer;
import cn.fjquality.targets.domain.Plan;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prometheus gauges of the projection (PROVINCE scope): {@code progress_targets{plan,status}},
 * {@code progress_targets_stale{plan}}, and per catalog target not retired {@code progress_ratio{target}} and
 * {@code progress_last_report_age_seconds{target}} (NaN while unknown). Refreshed shortly after a change
 * (changes mark them dirty) and on a schedule.
 */
@ApplicationScoped
public class ProgressMetrics {
    private static final Logger LOG = Logger.getLogger(ProgressMetrics.class);

    private final MeterRegistry registry;
    private final TargetRepository targets;
    private final PlanRepository plans;
    private final ProgressRepository rows;
    private final ProgressMethod method;
    private final Clock clock;

    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Map<String, AtomicLong> perStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stalePerPlan = new ConcurrentHashMap<>();
    private final Map<String, TargetGauges> perTarget = new ConcurrentHashMap<>();

    public ProgressMetrics(MeterRegistry registry, TargetRepository targets, PlanRepository plans, ProgressRepository rows,
                           ProgressMethod method, Clock clock) {
        this.registry = registry;
        this.targets = targets;
        this.plans = plans;
        this.rows = rows;
        this.method = method;
        this.clock = clock;
    }

    /** Strong references to what the per-target gauges read (Micrometer holds gauge objects weakly). */
    static final class TargetGauges {
        volatile Double ratio;
        volatile Instant lastReportAt;
        final List<Meter> meters;
        final Clock clock;

        TargetGauges(String code, MeterRegistry registry, Clock clock) {
            this.clock = clock;
            this.meters = List.of(
                    Gauge.builder("progress_ratio", this, g -> g.ratio == null ? Double.NaN : g.ratio)
                            .description("Forecast ratio P = (forecast - baseline) / (target - baseline), PROVINCE scope")
                            .tag("target", code).register(registry),
                    Gauge.builder("progress_last_report_age_seconds", this, TargetGauges::age)
                            .description("Seconds since the last value counted for the target (PROVINCE scope) was reported")
                            .tag("target", code).register(registry));
        }

        double age() {
            Instant last = lastReportAt;
            return last == null ? Double.NaN : Duration.between(last, Instant.now(clock)).toMillis() / 1000.0;
        }
    }

    public void markDirty() {
        dirty.set(true);
    }

    @Scheduled(every = "${progress.metrics.check-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshWhenDirty() {
        if (dirty.getAndSet(false)) {
            try {
                refresh();
            } catch (RuntimeException e) {
                dirty.set(true);
                LOG.debugf("progress gauges not refreshed: %s", e.getMessage());
            }
        }
    }

    @Scheduled(every = "${progress.metrics.refresh-every:5m}", delayed = "30s")
    void periodic() {
        markDirty();
    }

    private record Snapshot(Map<String, Plan> plans, List<Target> targets, Map<String, ProgressRow> rows) {
    }

    public synchronized void refresh() {
        Snapshot s = QuarkusTransaction.requiringNew().call(() -> {
            List<Target> active = targets.list("retiredAt is null");
            Map<String, ProgressRow> byCode = rows.list("scope", ProgressMethod.PROVINCE).stream()
                    .collect(Collectors.toMap(r -> r.targetCode, Function.identity()));
            return new Snapshot(plans.listAll().stream().collect(Collectors.toMap(p -> p.code, Function.identity())), active, byCode);
        });
        Instant now = Instant.now(clock);
        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> stale = new HashMap<>();
        Set<String> catalogTargets = new HashSet<>();
        for (Target t : s.targets()) {
            ProgressRow row = s.rows().get(t.code);
            ProgressStatus status = row == null ? ProgressStatus.NO_DATA : row.status;
            counts.merge(t.content.planCode + "|" + status, 1L, Long::sum);
            if (method.stale(t, s.plans().get(t.content.planCode), row == null ? null : row.coveredThrough,
                    LocalDate.ofInstant(now, ClockProducer.FUJIAN))) {
                stale.merge(t.content.planCode, 1L, Long::sum);
            }
            if (t.catalogHash != null) {
                catalogTargets.add(t.code);
                TargetGauges g = perTarget.computeIfAbsent(t.code, c -> new TargetGauges(c, registry, clock));
                g.ratio = row == null ? null : row.progressRatio;
                g.lastReportAt = row == null ? null : row.lastReportAt;
            }
        }
        for (String plan : s.plans().keySet()) {
            for (ProgressStatus status : ProgressStatus.values()) {
                String key = plan + "|" + status;
                perStatus.computeIfAbsent(key, k -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder("progress_targets", holder, AtomicLong::get)
                            .description("Targets (not retired) per progress status, PROVINCE scope")
                            .tags("plan", plan, "status", status.name()).register(registry);
                    return holder;
                }).set(counts.getOrDefault(key, 0L));
            }
            stalePerPlan.computeIfAbsent(plan, p -> {
                AtomicLong holder = new AtomicLong();
                Gauge.builder("progress_targets_stale", holder, AtomicLong::get)
                        .description("Targets (not retired) whose data is stale (no value within the reporting period plus grace)")
                        .tag("plan", p).register(registry);
                return holder;
            }).set(stale.getOrDefault(plan, 0L));
        }
        // Retired (or removed) targets lose their per-target gauges.
        perTarget.keySet().removeIf(code -> {
            if (catalogTargets.contains(code)) {
                return false;
            }
            perTarget.get(code).meters.forEach(registry::remove);
            return true;
        });
    }
}
