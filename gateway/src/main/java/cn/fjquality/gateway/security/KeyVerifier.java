package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.routing.Upstream;
import cn.fjquality.gateway.routing.UpstreamClients;
import cn.fjquality.security.Caller;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.codec.digest.DigestUtils;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks units-service (POST /internal/v1/api-keys/verify, as role GATEWAY) whether a key may be used,
 * and keeps the answer: a valid key for {@code gateway.key-cache.ttl} (default 10 s: that is how long a revoked key
 * can keep working), a refusal (UNKNOWN, REVOKED, UNIT_INACTIVE) for {@code gateway.key-cache.negative-ttl} (default
 * 30 s) in a cache of its own, so that a flood of bad keys neither reaches units-service twice for the same key nor
 * evicts the valid keys. Both caches are keyed by the SHA-256 of the whole key, so the secret itself is never kept.
 * Refusals are deliberately not cached by key id: units-service answers UNKNOWN for a known key id with a wrong
 * secret too, so a key-id entry would let anyone who knows a key id (it is public, in logs) lock that key out.
 * Failures to reach units-service are not cached.
 *
 * <p>A valid key in use is verified again in the background once its answer is older than half the TTL, while the
 * cached answer keeps serving (it is still within its TTL); without that, every hot key made one request per
 * TTL wait for a round trip to units-service, which showed in the gateway's p99 under load. The refresh uses
 * the key presented by the current request, so the secret is still never kept. A refresh that finds the key revoked
 * moves it to the refusals at once. Refusals are not refreshed: they expire.
 */
@ApplicationScoped
public class KeyVerifier {
    static final String VERIFY_PATH = "/internal/v1/api-keys/verify";

    private final UpstreamClients upstreams;
    private final CallerTokenSigner signer;
    private final AsyncCache<String, Stamped> cache;
    private final Cache<String, VerifiedKey> refused;
    private final long refreshAfterNanos;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    /** An answer and when it arrived (System.nanoTime). */
    private record Stamped(VerifiedKey key, long at) {
    }

    public KeyVerifier(UpstreamClients upstreams, CallerTokenSigner signer, GatewayConfig config) {
        this.upstreams = upstreams;
        this.signer = signer;
        Duration ttl = config.keyCache().ttl();
        this.cache = Caffeine.newBuilder()
                // A refusal leaves this cache as soon as it arrives (it is in `refused` by then); in-flight answers stay.
                .expireAfter(Expiry.<String, Stamped>writing((hash, stamped) -> stamped.key().valid() ? ttl : Duration.ZERO))
                .maximumSize(config.keyCache().maxEntries())
                .buildAsync();
        this.refused = Caffeine.newBuilder()
                .expireAfterWrite(config.keyCache().negativeTtl())
                .maximumSize(config.keyCache().negativeMaxEntries())
                .build();
        this.refreshAfterNanos = config.keyCache().ttl().toNanos() / 2;
    }

    /**
     * Whether an answer about this key is at hand or already being fetched, so that {@link #verify} costs
     * units-service no new call (the failed-authentication throttle asks before it lets a call happen).
     */
    public boolean isKnown(String apiKey) {
        String fingerprint = fingerprint(apiKey);
        return refused.getIfPresent(fingerprint) != null || cache.getIfPresent(fingerprint) != null;
    }

    /** Completes on {@code context}; fails when units-service cannot answer. */
    public Future<VerifiedKey> verify(String apiKey, Context context) {
        String fingerprint = fingerprint(apiKey);
        VerifiedKey refusal = refused.getIfPresent(fingerprint);
        if (refusal != null) {
            return Vertx.currentContext() == context ? Future.succeededFuture(refusal)
                    : Future.fromCompletionStage(CompletableFuture.completedFuture(refusal), context);
        }
        CompletableFuture<Stamped> answer = cache.get(fingerprint, (hash, executor) -> ask(apiKey, fingerprint));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            Stamped cached = answer.join();
            if (cached.key().valid() && System.nanoTime() - cached.at() > refreshAfterNanos && refreshing.add(fingerprint)) {
                ask(apiKey, fingerprint).whenComplete((fresh, failure) -> {
                    if (failure == null) {
                        cache.put(fingerprint, CompletableFuture.completedFuture(fresh));
                    }
                    refreshing.remove(fingerprint);
                });
            }
            if (Vertx.currentContext() == context) {
                return Future.succeededFuture(cached.key());
            }
        }
        return Future.fromCompletionStage(answer.thenApply(Stamped::key), context);
    }

    private CompletableFuture<Stamped> ask(String apiKey, String fingerprint) {
        return askUnitsService(apiKey).map(key -> {
            if (!key.valid()) {
                refused.put(fingerprint, key);
            }
            return new Stamped(key, System.nanoTime());
        }).toCompletionStage().toCompletableFuture();
    }

    private Future<VerifiedKey> askUnitsService(String apiKey) {
        Upstream units = Upstream.UNITS;
        Buffer body = new JsonObject().put("apiKey", apiKey).toBuffer();
        return upstreams.client(units)
                .request(upstreams.request(units, HttpMethod.POST, VERIFY_PATH, upstreams.timeoutMillis(units))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.ACCEPT, "application/json")
                        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + signer.tokenFor(CallerTokenSigner.GATEWAY, units)))
                .compose(request -> request.send(body))
                .compose(this::read);
    }

    private Future<VerifiedKey> read(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.body().compose(ignored -> Future.failedFuture(
                    new IllegalStateException("units-service answered " + response.statusCode() + " to key verification")));
        }
        return response.body().map(buffer -> {
            JsonObject json = buffer.toJsonObject();
            if (!json.getBoolean("valid", false)) {
                return VerifiedKey.invalid(json.getString("reason"));
            }
            return new VerifiedKey(true, null, new Caller(json.getString("keyId"), json.getString("role"),
                    json.getString("unitCode"), json.getBoolean("subtree", false)));
        });
    }

    static String fingerprint(String apiKey) {
        return DigestUtils.sha256Hex(apiKey);
    }
}
