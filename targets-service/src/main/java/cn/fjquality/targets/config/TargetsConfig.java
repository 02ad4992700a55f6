package cn.fjquality.targets.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "targets")
public interface TargetsConfig {
    Catalog catalog();

    interface Catalog {
        /** Load the catalog at start (idempotent). */
        @WithDefault("true")
        boolean enabled();

        /** Classpath resource of the versioned plan/target catalog. */
        @WithDefault("catalog/catalog-v1.json")
        String resource();
    }
}
