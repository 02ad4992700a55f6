package cn.fjquality.units.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "units")
public interface UnitsConfig {
    /**
     * From ADMIN_API_KEY: the bootstrap admin key, created at start when its key id has never existed; a revoked one
     * stays revoked (see BootstrapAdminKey).
     */
    Optional<String> bootstrapAdminApiKey();

    Seed seed();

    interface Seed {
        @WithDefault("true")
        boolean enabled();

        /** Classpath resource of the versioned unit seed. */
        @WithDefault("seed/units-v1.json")
        String resource();

        /**
         * Classpath resource of the places seed: the division codes of the province and the cities, and the
         * county-level units, extracted from the National Bureau of Statistics tables by
         * deploy/tools/divisions/extract-fujian.mjs. Loaded together with {@link #resource()}.
         */
        @WithDefault("seed/places-v1.json")
        String placesResource();
    }
}
