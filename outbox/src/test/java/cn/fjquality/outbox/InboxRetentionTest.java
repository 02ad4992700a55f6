package cn.fjquality.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Processed-event rows expire after the retention, in batches; younger ones stay. */
@QuarkusTest
class InboxRetentionTest {
    @Inject
    InboxRetention retention;
    @Inject
    OutboxConfig config;
    @Inject
    EntityManager em;

    long count(String consumer) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE consumer = ?1").setParameter(1, consumer).getSingleResult()).longValue());
    }

    void insert(String consumer, int n, String age) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO processed_event (consumer, event_id, processed_at) "
                + "SELECT ?1, gen_random_uuid(), now() - CAST(?2 AS interval) FROM generate_series(1, ?3)")
                .setParameter(1, consumer).setParameter(2, age).setParameter(3, n).executeUpdate());
    }

    @Test
    void rowsOlderThanTheRetentionAreDeletedInBatches() {
        assertThat(config.inbox().retention()).isEqualTo(Duration.ofDays(30));
        String old = "retention-test.old";
        String young = "retention-test.young";
        insert(old, InboxRetention.BATCH + 7, "31 days");
        insert(young, 5, "29 days");
        long deleted = retention.expire(Instant.now().minus(config.inbox().retention()));
        assertThat(deleted).isGreaterThanOrEqualTo(InboxRetention.BATCH + 7);
        assertThat(count(old)).isZero();
        assertThat(count(young)).isEqualTo(5);
    }
}
