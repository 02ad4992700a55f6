package cn.fjquality.targets.service;

import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.domain.KnownUnitRepository;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.Target;
import cn.fjquality.targets.domain.progress.PlaceTree;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a progress read as of today costs once, kept in memory per instance: the registry's {@link PlaceTree}, and per
 * (target, scope) the assessment with its series ({@link ProgressQueries.ProgressDetail}).
 * <p>
 * Nothing here expires by time; every use compares a {@link Stamp} read from the database in the reader's transaction
 * before anything else: the target's data version (the consumer adds one with every change to its values, under the
 * target's lock), the target's own version (revisions), the plan's last update, the registry's {@link
 * KnownUnitRepository.Stamp} and the day (the stale rule and the forecast are judged on it). An entry is used only when
 * all are equal, so a change through any instance is seen at once by all.
 */
@ApplicationScoped
public class ProgressCache {
    /** Everything a target's assessment as of today is computed from, as the database says now. */
    public record Stamp(long dataVersion, long targetVersion, Instant planUpdatedAt, KnownUnitRepository.Stamp registry,
                        LocalDate day) {
        public static Stamp of(Target t, Plan plan, Registry registry, LocalDate day) {
            return new Stamp(t.dataVersion, t.version, plan.updatedAt, registry.stamp(), day);
        }
    }

    /** The registry as the roll-up sees it, with the stamp it was read at. */
    public record Registry(KnownUnitRepository.Stamp stamp, PlaceTree tree) {
    }

    private record Key(String target, String scope) {
    }

    private record Entry(Stamp stamp, ProgressQueries.ProgressDetail detail) {
    }

    private final KnownUnitRepository units;
    private final TransactionSynchronizationRegistry transactions;
    private final Cache<Key, Entry> details;
    private final Counter hits;
    private final Counter misses;
    private volatile Registry registry;

    public ProgressCache(KnownUnitRepository units, TransactionSynchronizationRegistry transactions, ProgressConfig config,
                         MeterRegistry meters) {
        this.units = units;
        this.transactions = transactions;
        this.details = Caffeine.newBuilder().maximumSize(config.cache().maxEntries()).build();
        this.hits = Counter.builder("progress_cache_reads").tag("result", "hit")
                .description("Progress reads as of today answered from ProgressCache").register(meters);
        this.misses = Counter.builder("progress_cache_reads").tag("result", "miss")
                .description("Progress reads as of today computed from the stored values").register(meters);
    }

    /** The registry now: its stamp is read first (one aggregate), the units only when it changed. */
    public Registry registry() {
        KnownUnitRepository.Stamp now = units.stamp();
        Registry known = registry;
        if (known != null && known.stamp().equals(now)) {
            return known;
        }
        Registry fresh = new Registry(now, units.placeTree());
        registry = fresh;
        return fresh;
    }

    /** The kept assessment of the target at the scope, when it was computed from exactly what {@code stamp} names. */
    public Optional<ProgressQueries.ProgressDetail> get(String target, String scope, Stamp stamp) {
        Entry e = details.getIfPresent(new Key(target, scope));
        if (e != null && e.stamp().equals(stamp)) {
            hits.increment();
            return Optional.of(e.detail());
        }
        misses.increment();
        return Optional.empty();
    }

    public void put(String target, String scope, Stamp stamp, ProgressQueries.ProgressDetail detail) {
        details.put(new Key(target, scope), new Entry(stamp, detail));
    }

    /** As {@link #put}, once the caller's transaction has committed (what it computed from is then what others read). */
    public void putAfterCommit(String target, String scope, Stamp stamp, ProgressQueries.ProgressDetail detail) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    put(target, scope, stamp, detail);
                }
            }
        });
    }
}
