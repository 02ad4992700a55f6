package cn.fjquality.targets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;


@ConfigMapping(prefix = "progress")
public interface ProgressConfig {
    /** Count only APPROVED values (default: every value not RETURNED). */
    @WithDefault("false")
    boolean approvedOnly();

    /**
     * The share of the places below that a ratio rolled up from only some of them must cover to be judged (see
     * CoverageRule); below it the status is NO_DATA.
     */
    @WithDefault("0.5")
    double minRatioCoverage();

    /** Cron (Asia/Shanghai) of the daily recompute of every stored assessment. */
    @WithDefault("0 15 0 * * ?")
    String recomputeCron();

    Metrics metrics();

    interface Metrics {
        /** How often a change (which marks the gauges dirty) is looked for. */
        @WithDefault("2s")
        String checkEvery();

        /** How often the gauges are refreshed anyway (age and stale move with time). */
        @WithDefault("5m")
        String refreshEvery();
    }

    Reconciliation reconciliation();

    Cache cache();

    Consumer consumer();

    interface Consumer {
        /**
         * At most this many targets' events of a measurements.v1 poll are applied in one transaction (each touched
         * target is recomputed from all its values, so this bounds a transaction's work; see TargetGroups).
         */
        @WithDefault("16")
        int targetsPerTransaction();
    }

    interface Cache {
        /**
         * How many (target, scope) assessments as of today each instance keeps in memory (ProgressCache); 0 keeps none.
         * An entry holds one scope's series (one figure per period), a few KB.
         */
        @WithDefault("5000")
        int maxEntries();
    }

    interface Reconciliation {
        /**
         * The share of a reported figure by which its complete roll-up (or its finer periods) may differ before the
         * period is flagged.
         */
        @WithDefault("0.05")
        double tolerance();
    }
}
