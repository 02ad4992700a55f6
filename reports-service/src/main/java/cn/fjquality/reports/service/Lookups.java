package cn.fjquality.reports.service;

import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
    private volatile String stamp;

    private record Kept<T>(T value, long at) {
    }

    public Lookups(EntityManager em, UnitCopyRepository units, ReportsConfig config) {
        this.em = em;
        this.units = units;
        this.ttlNanos = config.referenceCache().ttl().toNanos();
    }

    /** Empties the shared cache when a copy changed since the last check (whichever instance applied the event). */
    @Scheduled(every = "${reports.reference-cache.check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkStamps() {
        if (ttlNanos <= 0) {
            return;
        }
        try {
            String now = QuarkusTransaction.requiringNew().call(() -> String.valueOf(Arrays.asList((Object[]) em.createNativeQuery(
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

    private <T> Optional<T> shared(Map<String, Kept<T>> kept, String code, Supplier<T> load) {
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

    /** The look-ups of one submission or import, answered from its context, else the shared cache, else the database. */
    ReferenceLookup in(SubmissionContext ctx) {
        return new ReferenceLookup() {
            @Override
            public Optional<TargetCopy> target(String code) {
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

            @Override
            public Optional<UnitCopy> unit(String code) {
                return ctx.units.computeIfAbsent(code, c -> shared(keptUnits, c, () -> {
                    UnitCopy u = em.find(UnitCopy.class, c);
                    if (u != null) {
                        em.detach(u);
                    }
                    return u;
                }));
            }

            /** See UnitCopyRepository#byDivisionCode; the unit found is also remembered by its code. */
            @Override
            public Optional<UnitCopy> division(String divisionCode) {
                return ctx.divisions.computeIfAbsent(divisionCode, d -> {
                    UnitCopy u = units.byDivisionCode(d);
                    if (u == null) {
                        return Optional.empty();
                    }
                    em.detach(u);
                    ctx.units.putIfAbsent(u.code, Optional.of(u));
                    return Optional.of(u);
                });
            }
        };
    }
}
