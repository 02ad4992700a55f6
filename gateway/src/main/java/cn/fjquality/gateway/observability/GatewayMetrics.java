package cn.fjquality.gateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * gateway_requests_seconds{route,method,status}, gateway_rate_limited_total{role},
 * gateway_auth_failures_total{reason}, gateway_auth_throttled_total and gateway_openapi_fetches_total{service,result}.
 * Every label has a small, fixed set of values.
 */
@ApplicationScoped
public class GatewayMetrics {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String route, String method, int status, long nanos) {
        Timer.builder("gateway.requests")
                .description("Requests through the gateway, by route prefix, method and status")
                .tags("route", route, "method", method(method), "status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rateLimited(String role) {
        registry.counter("gateway.rate.limited", "role", role == null ? "NONE" : role).increment();
    }

    public void authFailure(String reason) {
        registry.counter("gateway.auth.failures", "reason", reason).increment();
    }

    /** A request refused with 429 TOO_MANY_FAILED_AUTHENTICATIONS (its address failed too often). */
    public void authThrottled() {
        registry.counter("gateway.auth.throttled").increment();
    }

    /** Kept key verifications dropped because units-service's change feed named their key (revoked) or unit (changed). */
    public void keyCacheInvalidated(int n) {
        registry.counter("gateway.key.cache.invalidations").increment(n);
    }

    /** One poll of units-service's key change feed ({@code ok} or {@code failed}). */
    public void keyChangesPoll(boolean ok) {
        registry.counter("gateway.key.changes.polls", "result", ok ? "ok" : "failed").increment();
    }

    /** One fetch of a service's OpenAPI document for the merged one ({@code result}: ok or failed). */
    public void openApiFetch(String service, boolean ok) {
        registry.counter("gateway.openapi.fetches", "service", service, "result", ok ? "ok" : "failed").increment();
    }

    static String method(String method) {
        String m = method == null ? "OTHER" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(m) ? m : "OTHER";
    }
}
