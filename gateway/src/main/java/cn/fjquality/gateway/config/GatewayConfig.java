package cn.fjquality.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    AuthFailures authFailures();

    /** How long a signed caller token is reused for the same key (the token itself lives 60 s). */
    @WithDefault("30S")
    Duration callerTokenCache();

    CallerToken callerToken();

    BodyLimit bodyLimit();

    RateLimits rateLimit();

    OpenApi openapi();

    /**
     * The gateway's public URL (scheme, host and port, no path), e.g. {@code https://api.fjquality.example}: the
     * {@code servers} entry of the merged OpenAPI, so generated clients call it. Unset: the origin the request came to
     * (scheme and Host header), or http://127.0.0.1:8080 when that is not a plain host name or address. Set it behind
     * a proxy or load balancer (TLS ends there, and its Host is not the one clients use).
     */
    Optional<URI> publicUrl();

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
        /**
         * A revoked key keeps working at most this long. While units-service's change feed is current (polled every
         * {@link #changesInterval()}), an answer is kept up to {@link #maxAge()} and dropped as soon as the feed names
         * its key or unit; once the feed has not answered for this long, answers older than this are verified again.
         */
        @WithDefault("10S")
        Duration ttl();

        /** How long a valid key's answer is kept while the change feed is current (checked again in the background after half). */
        @WithDefault("10M")
        Duration maxAge();

        /** How often units-service is asked which keys were revoked and which units changed. */
        @WithDefault("1S")
        Duration changesInterval();

        /** Each poll asks again for this much time before the previous answer, for changes committed late and clocks that differ. */
        @WithDefault("10S")
        Duration changesOverlap();

        @WithDefault("100000")
        long maxEntries();

        /**
         * How long a refusal (UNKNOWN, REVOKED, UNIT_INACTIVE) is answered without asking units-service again. A key
         * refused meanwhile made usable (its unit reactivated, the bootstrap admin key created after it was tried)
         * works at most this long later. Refusals are kept apart from valid keys, so a flood of bad keys cannot
         * evict the valid ones.
         */
        @WithDefault("30S")
        Duration negativeTtl();

        @WithDefault("100000")
        long negativeMaxEntries();
    }

    /** Failed authentications per client address (docs/gateway.md, "Failed authentications"). */
    interface AuthFailures {
        @WithDefault("true")
        boolean enabled();

        /** This many failed authentications from one address within {@link #window()}: 429 until the window ends. */
        @WithDefault("20")
        long maxFailures();

        @WithDefault("60S")
        Duration window();

        /** Addresses tracked at most (least recently seen dropped first). */
        @WithDefault("100000")
        long maxClients();
    }

    interface CallerToken {
        /**
         * The {@code kid} header of the caller tokens: the id under which the services' key set holds the public half
         * of the signing key. Without it, the RFC 7638 thumbprint of the key (what deploy/stack's key set uses).
         */
        Optional<String> keyId();
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

        /** The merged document is served from memory this long, then rebuilt in the background on the next request. */
        @WithDefault("60S")
        Duration ttl();

        /** The same while a service is missing or served from its last good copy (so it comes back sooner). */
        @WithDefault("5S")
        Duration incompleteTtl();

        /** {@code info.license} of the merged document. */
        License license();

        interface License {
            @WithDefault("Internal use by the units reporting to the Fujian quality-strong-province platform; no public licence")
            String name();

            /** An SPDX expression; {@code LicenseRef-} names a licence of one's own (no SPDX identifier exists for it). */
            @WithDefault("LicenseRef-FJQ-Internal-Use")
            Optional<String> identifier();

            /** Where the licence text is (OpenAPI allows an identifier or a URL, not both). */
            Optional<URI> url();
        }
    }
}
