package cn.fjquality.reports;

import cn.fjquality.reports.service.IdempotencyRetention;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static cn.fjquality.reports.Api.row;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency-Key answers are kept for {@code reports.idempotency.retention} (P30D) and then deleted by a scheduled job,
 * in batches; a replay after that is a new request (issue "[2/6] Security": the records never expired).
 */
@QuarkusTest
class IdempotencyRetentionTest {
    static World w;

    @Inject
    IdempotencyRetention retention;

    @Inject
    EntityManager em;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    private void insert(String caller, String key, Instant createdAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO idempotency_record (caller_key_id, idem_key, request_hash, status, body, created_at)
                        VALUES (:caller, :key, repeat('0', 64), 201, '{}', :at)""")
                .setParameter("caller", caller).setParameter("key", key).setParameter("at", createdAt).executeUpdate());
    }

    private boolean exists(String caller, String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM idempotency_record WHERE caller_key_id = :caller AND idem_key = :key")
                .setParameter("caller", caller).setParameter("key", key).getSingleResult()).longValue() == 1);
    }

    private void age(String caller, String key, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE idempotency_record SET created_at = created_at - make_interval(secs => :secs) "
                                + "WHERE caller_key_id = :caller AND idem_key = :key")
                .setParameter("secs", (double) by.toSeconds()).setParameter("caller", caller).setParameter("key", key).executeUpdate());
    }

    @Test
    void anOldRecordIsDeletedAndAFreshOneKept() {
        String caller = "k-retention-" + UUID.randomUUID();
        Instant now = Instant.now();
        insert(caller, "old", now.minus(Duration.ofDays(31)));
        insert(caller, "just-expired", now.minus(Duration.ofDays(30)).minusSeconds(60));
        insert(caller, "fresh", now.minus(Duration.ofDays(29)));
        insert(caller, "new", now);

        long deleted = retention.purge();

        assertTrue(deleted >= 2, "deleted " + deleted);
        assertEquals(false, exists(caller, "old"));
        assertEquals(false, exists(caller, "just-expired"));
        assertEquals(true, exists(caller, "fresh"));
        assertEquals(true, exists(caller, "new"));
    }

    @Test
    void theDeleteGoesInBatches() {
        String caller = "k-retention-batches-" + UUID.randomUUID();
        Instant old = Instant.now().minus(Duration.ofDays(40));
        for (int i = 0; i < 7; i++) {
            insert(caller, "old-" + i, old);
        }
        insert(caller, "fresh", Instant.now());

        long deleted = retention.purge(Instant.now().minus(Duration.ofDays(30)), 3);

        assertTrue(deleted >= 7, "deleted " + deleted);
        for (int i = 0; i < 7; i++) {
            assertEquals(false, exists(caller, "old-" + i));
        }
        assertEquals(true, exists(caller, "fresh"));
    }

    @Test
    void aReplayAfterExpiryIsANewRequest() {
        String reporter = TestCallers.reporter(w.city1);
        String keyId = "test-reporter-" + w.city1.toLowerCase();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = row(w.ratio, w.city1, "2024Q1", 97);
        given().header("Authorization", reporter).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/measurements").then().statusCode(201).body("revision", equalTo(1));
        // Within the retention: a replay.
        given().header("Authorization", reporter).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/measurements").then().statusCode(201).header("Idempotent-Replayed", "true").body("revision", equalTo(1));

        age(keyId, key, Duration.ofDays(31));
        retention.purge();
        assertEquals(false, exists(keyId, key));

        given().header("Authorization", reporter).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/measurements").then().statusCode(201).header("Idempotent-Replayed", nullValue())
                .body("revision", equalTo(2));
    }
}
