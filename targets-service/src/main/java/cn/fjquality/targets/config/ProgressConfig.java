package cn.fjquality.targets.config;

import cn.fjquality.targets.domain.ReportingFrequency;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "progress")
public interface ProgressConfig {
    /** Count only APPROVED values (default: every value not RETURNED). */
    @WithDefault("false")
    boolean approvedOnly();

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

    /** How long after one reporting period a target's data may go without a new value before it is stale. */
    StaleGrace staleGrace();

    interface StaleGrace {
        @WithDefault("P90D")
        Duration year();

        @WithDefault("P60D")
        Duration half();

        @WithDefault("P30D")
        Duration quarter();

        @WithDefault("P15D")
        Duration month();

        default Duration of(ReportingFrequency f) {
            return switch (f) {
                case YEAR -> year();
                case HALF -> half();
                case QUARTER -> quarter();
                case MONTH -> month();
            };
        }
    }
}
