package cn.fjquality.outbox;

import cn.fjquality.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a record goes that a consumer cannot apply: {@code <topic>.dlq}, the record's value unchanged, with headers
 * saying which consumer gave it up, why, after how many attempts and when. Counted in
 * {@code events_dead_lettered_total{topic,consumer}} (alert EventsDeadLettered). A send waits for the broker's
 * acknowledgement, so a record is only let go once its dead letter is safe.
 */
@ApplicationScoped
public class DeadLetters {
    public static final String HEADER_CONSUMER = "dlq-consumer";
    public static final String HEADER_REASON = "dlq-reason";
    public static final String HEADER_ATTEMPTS = "dlq-attempts";
    public static final String HEADER_AT = "dlq-at";
    private static final int MAX_REASON_CHARS = 2000;

    private final MeterRegistry registry;
    private final String bootstrapServers;
    private final String consumer;
    private volatile KafkaProducer<String, String> producer;

    public DeadLetters(MeterRegistry registry, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.consumer = consumer;
    }

    /**
     * Publishes the record to the topic's dead-letter topic and waits for the acknowledgement.
     *
     * @param key the record's key to keep (the aggregate code), null when the value was not even an envelope
     * @throws IllegalStateException when the broker did not acknowledge it (the caller keeps the record and retries)
     */
    public void send(String topic, String key, String value, String reason, int attempts) {
        String cut = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.deadLetters(topic), key, value);
        record.headers().add(HEADER_CONSUMER, consumer.getBytes(StandardCharsets.UTF_8));
        record.headers().add(HEADER_REASON, cut.getBytes(StandardCharsets.UTF_8));
        record.headers().add(HEADER_ATTEMPTS, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        record.headers().add(HEADER_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(record).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsumerInterruptedException("interrupted while dead-lettering a record of " + topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new IllegalStateException("could not publish to " + Topics.deadLetters(topic) + ": " + e.getMessage(), e);
        }
        Counter.builder("events_dead_lettered").description("Records a consumer could not apply, published to <topic>.dlq")
                .tag("topic", topic).tag("consumer", consumer).register(registry).increment();
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dead-letters");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
                p = producer;
            }
        }
        return p;
    }

    void close(@Observes ShutdownEvent ignored) {
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
