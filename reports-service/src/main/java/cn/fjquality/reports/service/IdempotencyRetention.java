package cn.fjquality.reports.service;

import cn.fjquality.reports.config.ReportsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes Idempotency-Key answers older than {@code reports.idempotency.retention} (P30D), every
 * {@code reports.idempotency.purge-every} (1h), {@code reports.idempotency.purge-batch} (1000) records per transaction, so
 * a large backlog never holds one long transaction or lock. A replay after its record is gone is evaluated as a new request:
 * clients retry within the retention. Every instance runs it; concurrent purges skip each other's rows.
 */
@ApplicationScoped
public class IdempotencyRetention {
    private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class);

    private final EntityManager em;
    private final ReportsConfig config;
    private final Clock clock;

    public IdempotencyRetention(EntityManager em, ReportsConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${reports.idempotency.purge-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long deleted = purge();
            if (deleted > 0) {
                LOG.infof("deleted %d idempotency records older than %s", deleted, config.idempotency().retention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("idempotency records not purged (next try in an hour): %s", e.getMessage());
        }
    }

    /** Deletes the records older than the retention; returns how many. */
    public long purge() {
        Duration retention = config.idempotency().retention();
        if (retention.isZero() || retention.isNegative()) {
            return 0;
        }
        return purge(Instant.now(clock).minus(retention), config.idempotency().purgeBatch());
    }

    /** Deletes the records created before {@code cutoff}, {@code batch} per transaction; returns how many. */
    public long purge(Instant cutoff, int batch) {
        int limit = Math.max(1, batch);
        long total = 0;
        while (true) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                            DELETE FROM idempotency_record
                            WHERE (caller_key_id, idem_key) IN (
                                SELECT caller_key_id, idem_key FROM idempotency_record
                                WHERE created_at < :cutoff
                                LIMIT :limit
                                FOR UPDATE SKIP LOCKED)""")
                    .setParameter("cutoff", cutoff)
                    .setParameter("limit", limit)
                    .executeUpdate());
            total += deleted;
            if (deleted < limit) {
                return total;
            }
        }
    }
}
