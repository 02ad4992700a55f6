package cn.fjquality.outbox;

import cn.fjquality.testsupport.TestKafka;
import cn.fjquality.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay the whole platform rests on, on a real PostgreSQL and Kafka: it publishes what a transaction appended and
 * marks it; a broker outage holds the rows and loses none; two relays on one table publish every row once; and a crash
 * between publishing and marking publishes a row again, which the inbox then applies once.
 */
@QuarkusTest
class OutboxRelayTest {
    enum TestEvent { Happened }

    record Payload(String what, int n) {
    }

    @Inject
    OutboxWriter writer;
    @Inject
    OutboxRelay relay;
    @Inject
    Inbox inbox;
    @Inject
    EntityManager em;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String topic() {
        return "outbox-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    List<UUID> append(String topic, int n) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(writer.append(topic, "AGG-" + (i % 3), TestEvent.Happened, 1, new Payload("row", i)));
            }
            return ids;
        });
    }

    long unpublished(String topic) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox_event WHERE topic = ?1 AND published_at IS NULL").setParameter(1, topic).getSingleResult()).longValue());
    }

    static List<String> eventIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.value().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void publishesWhatACommitAppendedInOrderAndMarksIt() {
        String topic = topic();
        try (TopicProbe probe = new TopicProbe(topic)) {
            List<UUID> ids = append(topic, 12);
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(rs -> rs.size() >= 12, Duration.ofSeconds(30));
            assertThat(eventIds(seen)).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            // one aggregate's events keep their order (same key, same partition)
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (ConsumerRecord<String, String> r : seen) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value().replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            byKey.values().forEach(ns -> assertThat(ns).isSorted());
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(topic) == 0);
            assertThat(probe.drain(Duration.ofSeconds(1))).as("nothing more (the probe returns all it saw)").hasSize(12);
        }
    }

    /**
     * The test profile's outbox.relay.batch-bytes is 4 KB: envelopes of over 1 KB go at most four to a batch, one of
     * 10 KB (over the budget) is published too, and the relay keeps draining after each batch cut by bytes, in order.
     */
    @Test
    void batchesStopAtTheByteBudgetAndEveryRowIsStillPublishedInOrder() {
        String topic = topic();
        String kilobyte = "x".repeat(1000);
        try (TopicProbe probe = new TopicProbe(topic)) {
            List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> {
                List<UUID> appended = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    appended.add(writer.append(topic, "AGG", TestEvent.Happened, 1, new Payload(i == 7 ? kilobyte.repeat(10) : kilobyte, i)));
                }
                return appended;
            });
            List<ConsumerRecord<String, String>> seen = probe.pollUntil(rs -> rs.size() >= 20, Duration.ofSeconds(30));
            assertThat(eventIds(seen)).containsExactlyElementsOf(ids.stream().map(UUID::toString).toList());
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(topic) == 0);
            // One batch, one transaction, one published_at: the rows of each.
            @SuppressWarnings("unchecked")
            List<Number> perBatch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT count(*) FROM outbox_event WHERE topic = ?1 GROUP BY published_at ORDER BY min(id)")
                    .setParameter(1, topic).getResultList());
            assertThat(perBatch.stream().mapToInt(Number::intValue).sum()).isEqualTo(20);
            assertThat(perBatch).allSatisfy(n -> assertThat(n.intValue()).isBetween(1, 4));
            assertThat(perBatch.size()).as("batches: " + perBatch).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String topic = topic();
        try (TopicProbe probe = new TopicProbe(topic)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    writer.append(topic, "AGG", TestEvent.Happened, 1, new Payload("never", 1));
                    throw new IllegalStateException("the business change failed");
                });
            } catch (IllegalStateException expected) {
                // the event goes with it
            }
            UUID committed = append(topic, 1).get(0);
            assertThat(probe.pollUntil(rs -> !rs.isEmpty(), Duration.ofSeconds(30))).hasSize(1);
            assertThat(eventIds(probe.drain(Duration.ofSeconds(2)))).containsExactly(committed.toString());
        }
    }

    @Test
    void aBrokerOutageHoldsTheRowsAndLosesNone() {
        String topic = topic();
        try (TopicProbe probe = new TopicProbe(topic)) {
            append(topic, 1);
            probe.pollUntil(rs -> rs.size() >= 1, Duration.ofSeconds(30));
            double failuresBefore = registry.counter("outbox_publish_failures").count();
            TestKafka.stopBroker();
            List<UUID> whileDown;
            try {
                whileDown = append(topic, 5);
                await().atMost(Duration.ofSeconds(60)).until(() -> registry.counter("outbox_publish_failures").count() > failuresBefore);
                assertThat(unpublished(topic)).isEqualTo(5);
            } finally {
                TestKafka.startBroker();
            }
            probe.pollUntil(rs -> rs.size() >= 6, Duration.ofSeconds(90));
            List<String> seen = eventIds(probe.drain(Duration.ofSeconds(2)));
            assertThat(seen).containsAll(whileDown.stream().map(UUID::toString).toList());
            assertThat(seen).as("each once").hasSize(6).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(topic) == 0);
        }
    }

    @Test
    void twoRelaysOnOneTablePublishEveryRowOnce() throws Exception {
        String topic = topic();
        OutboxRelay second = new OutboxRelay(em, config, registry, bootstrap);
        try (TopicProbe probe = new TopicProbe(topic)) {
            List<UUID> ids = append(topic, 300);
            CountDownLatch go = new CountDownLatch(1);
            Thread a = new Thread(() -> { awaitLatch(go); relay.tick(); });
            Thread b = new Thread(() -> { awaitLatch(go); second.tick(); });
            a.start();
            b.start();
            go.countDown();
            a.join();
            b.join();
            probe.pollUntil(rs -> rs.size() >= 300, Duration.ofSeconds(60));
            assertThat(eventIds(probe.drain(Duration.ofSeconds(2)))).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            assertThat(unpublished(topic)).isZero();
        } finally {
            second.close(null);
        }
    }

    @Test
    void aCrashBetweenPublishingAndMarkingPublishesAgainAndTheInboxAppliesOnce() {
        String topic = topic();
        try (TopicProbe probe = new TopicProbe(topic)) {
            List<UUID> ids = append(topic, 4);
            probe.pollUntil(rs -> rs.size() >= 4, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(topic) == 0);
            // What a crash after the broker's acknowledgement and before the marking commit leaves: published rows
            // still unmarked. The relay sends them again.
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "UPDATE outbox_event SET published_at = NULL WHERE topic = ?1").setParameter(1, topic).executeUpdate());
            relay.tick();
            List<String> both = eventIds(probe.pollUntil(rs -> rs.size() >= 8, Duration.ofSeconds(30)));
            List<String> twice = new ArrayList<>(ids.stream().map(UUID::toString).toList());
            twice.addAll(twice);
            assertThat(both).as("every event published twice").containsExactlyInAnyOrderElementsOf(twice);
            // A consumer that received both copies applies each event once.
            String consumer = "outbox-test." + topic;
            List<UUID> delivered = both.stream().map(UUID::fromString).toList();
            int applied = 0;
            for (UUID id : delivered) {
                if (QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(consumer, id))) {
                    applied++;
                }
            }
            assertThat(applied).isEqualTo(4);
            java.util.Set<UUID> batch = QuarkusTransaction.requiringNew().call(() -> inbox.firstDeliveries(consumer, delivered));
            assertThat(batch).isEmpty();
            assertThat(delivered.stream().collect(Collectors.toSet())).hasSize(4);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
