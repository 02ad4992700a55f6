package cn.fjquality.reports.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "reports")
public interface ReportsConfig {
    Outlier outlier();

    Import importing();

    interface Outlier {
        /** |modified z-score| above this flags a value for follow-up. */
        @WithDefault("3.5")
        double threshold();

        /** Fewer previous periods than this: no outlier judgement. */
        @WithDefault("4")
        int minHistory();
    }

    interface Import {
        /** Rows per transaction in bulk imports. */
        @WithDefault("1000")
        int chunkSize();
    }
}
