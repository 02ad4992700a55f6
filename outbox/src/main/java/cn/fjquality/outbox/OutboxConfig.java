package cn.fjquality.outbox;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {
    /** The producer name written into every envelope. */
    @WithDefault("${quarkus.application.name}")
    String producer();

    Relay relay();

    Consumer consumer();

    Inbox inbox();

    interface Consumer {
        /**
         * Failures of one event, while the database answers, before it is given up to the dead-letter topic. With the
         * backoff (200 ms doubling to 10 s) the default gives a stuck event about 2.5 minutes. Failures while the
         * database does not answer are not counted: an outage stalls the partition, it does not empty it.
         */
        @WithDefault("20")
        int maxAttempts();
    }

    interface Inbox {
        /**
         * Processed-event rows older than this are deleted (hourly). Keep it above the topics' retention: a record
         * redelivered after its row is gone is applied again (the consumers' version and revision checks then make it
         * harmless, but the inbox is the first line).
         */
        @WithDefault("P30D")
        Duration retention();
    }

    interface Relay {
        /** Off in tests that want to inspect unpublished rows. */
        @WithDefault("true")
        boolean enabled();

        /** Rows claimed per transaction. */
        @WithDefault("500")
        int batchSize();

        /**
         * Envelope bytes per transaction: a batch takes rows until they add up to this (at least one row), so a batch of
         * an import's large events (MeasurementsRecorded, up to 500 values, about 175 KB each) holds a few MB, not 90.
         */
        @WithDefault("4M")
        MemorySize batchBytes();

        /** How long to wait for the broker's acks before giving the batch back. */
        @WithDefault("15s")
        Duration sendTimeout();

        /** Published rows are deleted after this long. */
        @WithDefault("P7D")
        Duration retention();
    }
}
