package cn.fjquality.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {
    /** The producer name written into every envelope. */
    @WithDefault("${quarkus.application.name}")
    String producer();

    Relay relay();

    interface Relay {
        /** Off in tests that want to inspect unpublished rows. */
        @WithDefault("true")
        boolean enabled();

        /** Rows claimed per transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long to wait for the broker's acks before giving the batch back. */
        @WithDefault("15s")
        Duration sendTimeout();

        /** Published rows are deleted after this long. */
        @WithDefault("P7D")
        Duration retention();
    }
}
