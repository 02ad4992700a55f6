package cn.fjquality.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Everything the gateway can be told: where the services are, how long to wait, what to allow. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Services services();

    /** How long the proxy waits to open a connection to a service before answering 502. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** Pooled connections per service. */
    @WithDefault("64")
    int maxPoolSize();

    /**
     * An idle pooled connection to a service is closed by the gateway after this long. It must stay below
     * every idle timeout between the gateway and the services (the services' own quarkus.http.idle-timeout,
     * 30 min, and any load balancer's), so that the gateway never sends a request on a connection the
     * other side is closing at that moment.
     */
    @WithDefault("15S")
    Duration upstreamKeepAliveTimeout();

    KeyCache keyCache();

    /** How long a signed caller token is reused for the same key (the token itself lives 60 s). */
    @WithDefault("30S")
    Duration callerTokenCache();

    BodyLimit bodyLimit();

    RateLimits rateLimit();

    OpenApi openapi();

    interface Services {
        Service units();

        Service targets();

        Service reports();
    }

    interface Service {
        /** Base URL, e.g. http://127.0.0.1:8081 (GATEWAY_SERVICES_UNITS_URL ...). */
        URI url();

        /** Without any response data for this long the proxy answers 504. */
        @WithDefault("30S")
        Duration timeout();
    }

    interface KeyCache {
        /** How long a key verification is reused: a revoked key keeps working at most this long. */
        @WithDefault("10S")
        Duration ttl();

        @WithDefault("100000")
        long maxEntries();
    }

    interface BodyLimit {
        /** For routes without their own limit. */
        @WithName("default")
        @WithDefault("1M")
        MemorySize defaultLimit();

        /** Per route name (units, api-keys, plans, targets, progress, measurements, imports, completeness). */
        Map<String, MemorySize> routes();
    }

    interface RateLimits {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("50")
        @WithName("admin.per-second")
        long adminPerSecond();

        @WithDefault("100")
        @WithName("admin.burst")
        long adminBurst();

        @WithDefault("20")
        @WithName("analyst.per-second")
        long analystPerSecond();

        @WithDefault("60")
        @WithName("analyst.burst")
        long analystBurst();

        @WithDefault("20")
        @WithName("reporter.per-second")
        long reporterPerSecond();

        @WithDefault("60")
        @WithName("reporter.burst")
        long reporterBurst();
    }

    interface OpenApi {
        /** How long to wait for each service's /q/openapi before listing it in x-missing-services. */
        @WithDefault("5S")
        Duration fetchTimeout();
    }
}
