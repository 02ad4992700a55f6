package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.security.Caller;
import cn.fjquality.security.Roles;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** A Bucket4j token bucket per API key, sized by the key's role (gateway.rate-limit.&lt;role&gt;.*). */
@ApplicationScoped
public class RateLimiter {
    private final GatewayConfig.RateLimits limits;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30))
            .maximumSize(100_000)
            .build();

    public RateLimiter(GatewayConfig config) {
        this.limits = config.rateLimit();
    }

    /** @return 0 when the request may go on, else the seconds to wait (for Retry-After) */
    public long tryAcquire(Caller caller) {
        if (!limits.enabled()) {
            return 0;
        }
        Bucket bucket = buckets.get(caller.keyId() + "|" + caller.role(), k -> newBucket(caller.role()));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    private Bucket newBucket(String role) {
        long perSecond;
        long burst;
        switch (role) {
            case Roles.ADMIN -> {
                perSecond = limits.adminPerSecond();
                burst = limits.adminBurst();
            }
            case Roles.ANALYST -> {
                perSecond = limits.analystPerSecond();
                burst = limits.analystBurst();
            }
            default -> {
                perSecond = limits.reporterPerSecond();
                burst = limits.reporterBurst();
            }
        }
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(1, burst)).refillGreedy(Math.max(1, perSecond), Duration.ofSeconds(1)).build())
                .build();
    }
}
