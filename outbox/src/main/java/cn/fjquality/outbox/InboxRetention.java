package cn.fjquality.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Keeps the inbox ({@code processed_event}) from growing for ever: rows older than {@code outbox.inbox.retention}
 * (default 30 days, above the topics' retention) are deleted hourly, a batch per transaction so a large backlog never
 * holds a long lock.
 */
@ApplicationScoped
public class InboxRetention {
    private static final Logger LOG = Logger.getLogger(InboxRetention.class);
    static final int BATCH = 10_000;

    private final EntityManager em;
    private final OutboxConfig config;

    public InboxRetention(EntityManager em, OutboxConfig config) {
        this.em = em;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            expire(Instant.now().minus(config.inbox().retention()));
        } catch (RuntimeException e) {
            LOG.warnf("inbox retention: not run this hour: %s", e.getMessage());
        }
    }

    /** Deletes the rows processed before the cutoff; returns how many. */
    public long expire(Instant cutoff) {
        long deleted = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                            "DELETE FROM processed_event WHERE ctid = ANY (ARRAY(SELECT ctid FROM processed_event "
                                    + "WHERE processed_at < :cutoff LIMIT " + BATCH + "))")
                    .setParameter("cutoff", java.sql.Timestamp.from(cutoff)).executeUpdate());
            deleted += n;
        } while (n == BATCH);
        if (deleted > 0) {
            LOG.infof("inbox retention: %d processed-event row(s) older than %s deleted", deleted, cutoff);
        }
        return deleted;
    }
}
