package cn.fjquality.reports.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "reports")
public interface ReportsConfig {
    Outlier outlier();

    Import importing();

    Idempotency idempotency();

    ReferenceCache referenceCache();

    interface ReferenceCache {
        /**
         * How long a unit or target read from the local copies is reused by later submissions of this instance. The
         * copies change only through units.v1 / targets.v1: this instance's consumer empties the cache after each event
         * it applies, and every {@link #checkInterval()} a stamp of each copy (row count and sum of versions, which any
         * applied event raises) empties it when another instance's consumer changed a copy. Zero: read for every
         * submission, as before.
         */
        @WithDefault("10M")
        Duration ttl();

        /** How often the copies' stamps are read (what another instance applied shows at most this late). */
        @WithDefault("1S")
        Duration checkInterval();
    }

    interface Outlier {
        /** |modified z-score| above this flags a value for follow-up. */
        @WithDefault("3.5")
        double threshold();

        /** Fewer previous periods than this: no outlier judgement. */
        @WithDefault("4")
        int minHistory();
    }

    interface Idempotency {
        /**
         * How long an Idempotency-Key answer is kept (ISO-8601, e.g. P30D): a replay within it gets the first answer; the
         * record is deleted after it (by the next purge) and a replay is then a new request. Zero or negative: kept forever.
         */
        @WithDefault("P30D")
        Duration retention();

        /** Records deleted per transaction by the purge. */
        @WithDefault("1000")
        int purgeBatch();
    }

    interface Import {
        /** Rows per transaction in bulk imports. */
        @WithDefault("1000")
        int chunkSize();
    }
}
