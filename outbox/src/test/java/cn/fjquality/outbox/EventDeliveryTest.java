package cn.fjquality.outbox;

import cn.fjquality.events.Topics;
import cn.fjquality.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a consumer does with a record it cannot apply, on the real broker: retries while the failures may pass, gives a
 * poison record up to {@code <topic>.dlq} with its reason after the bounded attempts (3 here), never gives one up while
 * the database does not answer, and on an interrupted wait neither applies nor acknowledges the record.
 */
@QuarkusTest
class EventDeliveryTest {
    @Inject
    EventDelivery delivery;
    @Inject
    EventCodec codec;
    @Inject
    DeadLetters deadLetters;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry registry;

    static String topic() {
        return "delivery-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String envelope(UUID id) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"Happened\",\"schemaVersion\":1,\"occurredAt\":\"2026-12-06T00:00:00Z\","
                + "\"producer\":\"test\",\"aggregateCode\":\"AGG-1\",\"payload\":{\"n\":1}}";
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    double deadLettered(String topic) {
        var c = registry.find("events_dead_lettered").tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aPoisonRecordIsGivenUpToTheDeadLetterTopicAfterTheBoundedAttempts() {
        String topic = topic();
        AtomicInteger attempts = new AtomicInteger();
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetters(topic))) {
            String value = envelope(UUID.randomUUID());
            delivery.deliver(topic, value, e -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("a bug that fails every time");
            });
            assertThat(attempts.get()).isEqualTo(3);
            List<ConsumerRecord<String, String>> letters = dlq.pollUntil(rs -> !rs.isEmpty(), Duration.ofSeconds(30));
            assertThat(letters).hasSize(1);
            ConsumerRecord<String, String> letter = letters.get(0);
            assertThat(letter.value()).isEqualTo(value);
            assertThat(letter.key()).isEqualTo("AGG-1");
            assertThat(header(letter, DeadLetters.HEADER_REASON)).contains("failed 3 times while the database answered")
                    .contains("a bug that fails every time");
            assertThat(header(letter, DeadLetters.HEADER_CONSUMER)).isEqualTo("outbox-test");
            assertThat(header(letter, DeadLetters.HEADER_ATTEMPTS)).isEqualTo("3");
            assertThat(deadLettered(topic)).isEqualTo(1.0);
        }
    }

    @Test
    void aFailureThatPassesIsRetriedAndNothingIsGivenUp() {
        String topic = topic();
        AtomicInteger attempts = new AtomicInteger();
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetters(topic))) {
            delivery.deliver(topic, envelope(UUID.randomUUID()), e -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("a lock timeout");
                }
            });
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(dlq.drain(Duration.ofSeconds(2))).isEmpty();
            assertThat(deadLettered(topic)).isZero();
        }
    }

    @Test
    void whatCanNeverApplyIsGivenUpAtOnce() {
        String topic = topic();
        AtomicInteger attempts = new AtomicInteger();
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetters(topic))) {
            delivery.deliver(topic, "this is not json", e -> attempts.incrementAndGet());
            delivery.deliver(topic, envelope(UUID.randomUUID()), e -> {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("payload lacks a unit code");
            });
            List<ConsumerRecord<String, String>> letters = dlq.pollUntil(rs -> rs.size() >= 2, Duration.ofSeconds(30));
            assertThat(attempts.get()).isEqualTo(1);
            assertThat(letters.stream().map(r -> header(r, DeadLetters.HEADER_REASON)).toList())
                    .anyMatch(r -> r.startsWith("not an event envelope"))
                    .anyMatch(r -> r.contains("payload lacks a unit code"));
        }
    }

    @Test
    void whileTheDatabaseDoesNotAnswerNothingIsGivenUp() throws Exception {
        String topic = topic();
        // A real PostgreSQL data source on a port nothing listens on: the probe finds the database away.
        PGSimpleDataSource away = new PGSimpleDataSource();
        away.setServerNames(new String[] {"127.0.0.1"});
        away.setPortNumbers(new int[] {1});
        away.setConnectTimeout(1);
        EventDelivery duringOutage = new EventDelivery(codec, deadLetters, new DatabaseProbe(away), config);
        AtomicInteger attempts = new AtomicInteger();
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetters(topic))) {
            duringOutage.deliver(topic, envelope(UUID.randomUUID()), e -> {
                if (attempts.incrementAndGet() < 6) {
                    throw new IllegalStateException("connection refused");
                }
            });
            assertThat(attempts.get()).as("twice the bound, not given up").isEqualTo(6);
            assertThat(dlq.drain(Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void anInterruptedRetryNeitherAppliesNorAcknowledgesTheRecord() throws Exception {
        String topic = topic();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        Thread consumer = new Thread(() -> {
            try {
                delivery.deliver(topic, envelope(UUID.randomUUID()), e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("database away");
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try (TopicProbe dlq = new TopicProbe(Topics.deadLetters(topic))) {
            consumer.start();
            while (attempts.get() == 0) {
                Thread.sleep(10);
            }
            consumer.interrupt();
            consumer.join(10_000);
            assertThat(thrown.get()).isInstanceOf(ConsumerInterruptedException.class);
            assertThat(dlq.drain(Duration.ofSeconds(2))).isEmpty();
        }
        assertThrows(ConsumerInterruptedException.class, () -> {
            throw (RuntimeException) thrown.get();
        });
    }
}
