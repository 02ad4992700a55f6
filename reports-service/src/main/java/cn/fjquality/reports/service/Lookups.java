package cn.fjquality.reports.service;

import cn.fjquality.events.places.Places;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import cn.fjquality.reports.config.ReportsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Units and targets as one submission or import sees them: each looked up once and kept (detached) in its
 * {@link SubmissionContext}, so an import of a million rows asks the database once per code. Found ones are also
 * kept for later submissions for {@code reports.reference-cache.ttl}, shared read-only: the profile of issue 17
 * showed the two reads (entity loads through Hibernate) at about a tenth of reports-service's CPU per single
 * submission. {@link #forget()} empties that cache: the reference-data consumer calls it after each event it applies,
 * and {@link #checkStamps()} when the copies' stamps (row count, sum of versions) changed, i.e. when another instance's
 * consumer applied one.
 */
@ApplicationScoped
public class Lookups {
    private final EntityManager em;
    private final UnitCopyRepository units;
    private final long ttlNanos;
    private final Map<String, Kept<UnitCopy>> keptUnits = new ConcurrentHashMap<>();
    private final Map<String, Kept<TargetCopy>> keptTargets = new ConcurrentHashMap<>();
    /** Bumped by {@link #forget()}: a read that started before it is not kept. */
    private final AtomicLong generation = new AtomicLong();

    private record Kept<T>(T value, long at) {
    }

    public Lookups(EntityManager em, UnitCopyRepository units, ReportsConfig config) {
        this.em = em;
        this.units = units;
        this.ttlNanos = config.referenceCache().ttl().toNanos();
    }

    private volatile String stamp;

    /** Empties the shared cache when a copy changed since the last check (whichever instance applied the event). */
    @Scheduled(every = "${reports.reference-cache.check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkStamps() {
        if (ttlNanos <= 0) {
            return;
        }
        try {
            String now = QuarkusTransaction.requiringNew().call(() -> String.valueOf(java.util.Arrays.asList((Object[]) em.createNativeQuery(
                    "SELECT (SELECT count(*) FROM unit_copy), (SELECT coalesce(sum(version), 0) FROM unit_copy), "
                            + "(SELECT count(*) FROM target_copy), (SELECT coalesce(sum(revision), 0) FROM target_copy)")
                    .getSingleResult())));
            if (!now.equals(stamp)) {
                forget();
                stamp = now;
            }
        } catch (RuntimeException e) {
            forget(); // cannot tell: keep nothing
            stamp = null;
        }
    }

    /** Empties the shared cache (after a units.v1 or targets.v1 event changed the copies). */
    public void forget() {
        generation.incrementAndGet();
        keptUnits.clear();
        keptTargets.clear();
    }

    private <T> Optional<T> shared(Map<String, Kept<T>> kept, String code, java.util.function.Supplier<T> load) {
        long now = System.nanoTime();
        Kept<T> k = ttlNanos > 0 && stamp != null ? kept.get(code) : null;
        if (k != null && now - k.at() < ttlNanos) {
            return Optional.of(k.value());
        }
        long gen = generation.get();
        T value = load.get();
        if (value != null && ttlNanos > 0 && stamp != null && kept.size() < 100_000) {
            kept.put(code, new Kept<>(value, now));
            if (generation.get() != gen) {
                kept.remove(code);
            }
        }
        return Optional.ofNullable(value);
    }

    Optional<UnitCopy> unit(String code, SubmissionContext ctx) {
        return ctx.units.computeIfAbsent(code, c -> shared(keptUnits, c, () -> {
            UnitCopy u = em.find(UnitCopy.class, c);
            if (u != null) {
                em.detach(u);
            }
            return u;
        }));
    }

    /** A unit by code as {@link Places} needs it; null when unknown. */
    Places.Node node(String code, SubmissionContext ctx) {
        return unit(code, ctx).map(UnitCopy::node).orElse(null);
    }

    /** The unit a 6-digit division code names (see UnitCopyRepository#byDivisionCode); null when none. */
    Places.Node division(String divisionCode, SubmissionContext ctx) {
        return ctx.divisions.computeIfAbsent(divisionCode, d -> {
            UnitCopy u = units.byDivisionCode(d);
            if (u == null) {
                return Optional.empty();
            }
            em.detach(u);
            ctx.units.putIfAbsent(u.code, Optional.of(u));
            return Optional.of(u);
        }).map(UnitCopy::node).orElse(null);
    }

    Optional<TargetCopy> target(String code, SubmissionContext ctx) {
        return ctx.targets.computeIfAbsent(code, c -> shared(keptTargets, c, () -> {
            TargetCopy t = em.find(TargetCopy.class, c);
            if (t != null) {
                t.leadUnits = List.copyOf(t.leadUnits);
                t.contributingUnits = List.copyOf(t.contributingUnits);
                em.detach(t);
            }
            return t;
        }));
    }

    boolean isDescendant(String unit, String ancestor, SubmissionContext ctx) {
        UnitCopy u = unit(unit, ctx).orElse(null);
        for (int depth = 0; u != null && u.parentCode != null && depth < 32; depth++) {
            if (u.parentCode.equals(ancestor)) {
                return true;
            }
            u = unit(u.parentCode, ctx).orElse(null);
        }
        return false;
    }
}
