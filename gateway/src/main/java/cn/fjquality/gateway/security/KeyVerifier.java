package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.routing.Upstream;
import cn.fjquality.gateway.routing.UpstreamClients;
import cn.fjquality.security.Caller;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks units-service (POST /internal/v1/api-keys/verify, as role GATEWAY) whether a key may be used,
 * and keeps the answer for {@code gateway.key-cache.ttl} (default 10 s): that is how long a revoked key
 * can keep working. The cache is keyed by the SHA-256 of the key, so the secret itself is never kept.
 * Failures to reach units-service are not cached.
 *
 * <p>A key in use is verified again in the background once its answer is older than half the TTL, while the
 * cached answer keeps serving (it is still within its TTL); without that, every hot key made one request per
 * TTL wait for a round trip to units-service, which showed in the gateway's p99 under load. The refresh uses
 * the key presented by the current request, so the secret is still never kept.
 */
@ApplicationScoped
public class KeyVerifier {
    static final String VERIFY_PATH = "/internal/v1/api-keys/verify";

    private final UpstreamClients upstreams;
    private final CallerTokenSigner signer;
    private final AsyncCache<String, Stamped> cache;
    private final long refreshAfterNanos;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    /** An answer and when it arrived (System.nanoTime). */
    private record Stamped(VerifiedKey key, long at) {
    }

    public KeyVerifier(UpstreamClients upstreams, CallerTokenSigner signer, GatewayConfig config) {
        this.upstreams = upstreams;
        this.signer = signer;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.keyCache().ttl())
                .maximumSize(config.keyCache().maxEntries())
                .buildAsync();
        this.refreshAfterNanos = config.keyCache().ttl().toNanos() / 2;
    }

    /** Completes on {@code context}; fails when units-service cannot answer. */
    public Future<VerifiedKey> verify(String apiKey, Context context) {
        String fingerprint = fingerprint(apiKey);
        CompletableFuture<Stamped> answer = cache.get(fingerprint, (hash, executor) -> ask(apiKey));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            Stamped cached = answer.join();
            if (System.nanoTime() - cached.at() > refreshAfterNanos && refreshing.add(fingerprint)) {
                ask(apiKey).whenComplete((fresh, failure) -> {
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

    private CompletableFuture<Stamped> ask(String apiKey) {
        return askUnitsService(apiKey).map(key -> new Stamped(key, System.nanoTime())).toCompletionStage().toCompletableFuture();
    }

    private Future<VerifiedKey> askUnitsService(String apiKey) {
        Upstream units = Upstream.UNITS;
        Buffer body = new JsonObject().put("apiKey", apiKey).toBuffer();
        return upstreams.client(units)
                .request(upstreams.request(units, HttpMethod.POST, VERIFY_PATH, upstreams.timeoutMillis(units))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.ACCEPT, "application/json")
                        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + signer.tokenFor(CallerTokenSigner.GATEWAY)))
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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
