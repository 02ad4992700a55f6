package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.routing.Upstream;
import cn.fjquality.gateway.routing.UpstreamClients;
import cn.fjquality.security.Caller;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
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
import java.util.concurrent.CompletableFuture;

/**
 * Asks units-service (POST /internal/v1/api-keys/verify, as role GATEWAY) whether a key may be used,
 * and keeps the answer for {@code gateway.key-cache.ttl} (default 10 s): that is how long a revoked key
 * can keep working. The cache is keyed by the SHA-256 of the key, so the secret itself is never kept.
 * Failures to reach units-service are not cached.
 */
@ApplicationScoped
public class KeyVerifier {
    static final String VERIFY_PATH = "/internal/v1/api-keys/verify";

    private final UpstreamClients upstreams;
    private final CallerTokenSigner signer;
    private final AsyncCache<String, VerifiedKey> cache;

    public KeyVerifier(UpstreamClients upstreams, CallerTokenSigner signer, GatewayConfig config) {
        this.upstreams = upstreams;
        this.signer = signer;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.keyCache().ttl())
                .maximumSize(config.keyCache().maxEntries())
                .buildAsync();
    }

    /** Completes on {@code context}; fails when units-service cannot answer. */
    public Future<VerifiedKey> verify(String apiKey, Context context) {
        CompletableFuture<VerifiedKey> answer = cache.get(fingerprint(apiKey),
                (hash, executor) -> askUnitsService(apiKey).toCompletionStage().toCompletableFuture());
        return Future.fromCompletionStage(answer, context);
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
