package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Failed authentications per client address (gateway.auth-failures.*): a Bucket4j bucket per address holding
 * {@code max-failures} tokens, all given back at the end of each {@code window} (counted from the address's first
 * failure). A failure takes a token; an empty bucket means 429 TOO_MANY_FAILED_AUTHENTICATIONS for every request from
 * that address until the window ends, whatever key it carries.
 *
 * <p>A key that units-service has to be asked about takes its token <em>before</em> the call ({@link #reserve}) and
 * gets it back when the key turns out valid ({@link #refund}), so however many requests an address sends at once,
 * at most {@code max-failures} of them per window reach units-service. Answers the gateway already holds (cached
 * refusals, malformed keys) cost units-service nothing and are counted after the fact ({@link #failed}).
 *
 * <p>Only addresses with a failure (or a key being verified) have a bucket; at most {@code max-clients} are kept,
 * and an address's bucket is dropped after a window without requests (by then it would be full again anyway).
 */
@ApplicationScoped
public class AuthFailureThrottle {
    private static final long SECOND = 1_000_000_000L;

    private final GatewayConfig.AuthFailures config;
    private final Cache<String, Bucket> buckets;

    public AuthFailureThrottle(GatewayConfig gateway) {
        this.config = gateway.authFailures();
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(config.window())
                .maximumSize(config.maxClients())
                .build();
    }

    /** @return 0 when {@code client} may try to authenticate, else the seconds until it may (for Retry-After) */
    public long blockedFor(String client) {
        if (!config.enabled()) {
            return 0;
        }
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /**
     * Takes one try before units-service is asked about a key.
     *
     * @return 0 when the try was taken (give it back with {@link #refund} if the key is valid), else the seconds to wait
     */
    public long reserve(String client) {
        if (!config.enabled()) {
            return 0;
        }
        ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
    }

    /** A reserved try that was not a failed authentication (the key is valid, or units-service did not answer). */
    public void refund(String client) {
        if (config.enabled()) {
            Bucket bucket = buckets.getIfPresent(client);
            if (bucket != null) {
                bucket.addTokens(1);
            }
        }
    }

    /** A failed authentication that was answered without units-service (malformed key, cached refusal). */
    public void failed(String client) {
        if (config.enabled()) {
            bucket(client).tryConsume(1);
        }
    }

    private Bucket bucket(String client) {
        return buckets.get(client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(Math.max(1, config.maxFailures()))
                        .refillIntervally(Math.max(1, config.maxFailures()), config.window())
                        .build())
                .build());
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + SECOND - 1) / SECOND);
    }
}
