package cn.fjquality.gateway.security;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.observability.GatewayMetrics;
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
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks units-service (POST /internal/v1/api-keys/verify, as role GATEWAY) whether a key may be used,
 * and keeps the answer; a refusal (UNKNOWN, REVOKED, UNIT_INACTIVE) for {@code gateway.key-cache.negative-ttl} (default
 * 30 s) in a cache of its own, so that a flood of bad keys neither reaches units-service twice for the same key nor
 * evicts the valid keys. Both caches are keyed by the SHA-256 of the whole key, so the secret itself is never kept.
 * Refusals are deliberately not cached by key id: units-service answers UNKNOWN for a known key id with a wrong
 * secret too, so a key-id entry would let anyone who knows a key id (it is public, in logs) lock that key out.
 * Failures to reach units-service are not cached.
 *
 * <p>How long a valid answer is kept: revocation must bite within {@code gateway.key-cache.ttl} (10 s). Instead of
 * verifying every key in use again every 5 s (what the profile of issue 17 showed as most of units-service's CPU and
 * a good part of the gateway's), the gateway polls units-service's change feed (GET /internal/v1/api-keys/changes,
 * every {@code changes-interval}, 1 s): the key ids revoked and the units changed since the last poll. Their answers
 * are dropped at once; the others are kept up to {@code max-age} (10 min; never past the end of the key's unit's
 * activity, {@code validUntil}) and verified again in the background after half of it. An answer is trusted past
 * {@code ttl} only while the feed is current: it was asked after the feed's first successful poll (so every later
 * change is in a poll) and the latest successful poll was sent less than {@code ttl} ago. Otherwise (units-service
 * without the feed, or not answering it) the old rule applies: an answer older than {@code ttl} is verified again
 * before use, and one older than half of it in the background. An answer that arrives after the feed named its key
 * or unit (asked before the change, answered after it) is not trusted: each answer carries the time it was asked,
 * and the feed keeps, per key and unit, when it last dropped them.
 */
@ApplicationScoped
public class KeyVerifier {
    private static final Logger LOG = Logger.getLogger(KeyVerifier.class);
    static final String VERIFY_PATH = "/internal/v1/api-keys/verify";
    static final String CHANGES_PATH = "/internal/v1/api-keys/changes";

    private final UpstreamClients upstreams;
    private final CallerTokenSigner signer;
    private final GatewayMetrics metrics;
    private final AsyncCache<String, Stamped> cache;
    private final Cache<String, VerifiedKey> refused;
    private final long ttlNanos;
    private final long maxAgeNanos;
    private final Duration changesInterval;
    private final Duration changesOverlap;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    // The change feed: where the next poll starts (units-service's clock), when (System.nanoTime) the first and the
    // latest successful poll were sent, and when each key id / unit code named by the feed was last dropped.
    private volatile String cursor;
    private volatile long coveredFrom = Long.MAX_VALUE;
    private volatile long lastPollSent;
    private volatile boolean pollOk;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Map<String, Long> droppedKeys = new ConcurrentHashMap<>();
    private final Map<String, Long> droppedUnits = new ConcurrentHashMap<>();
    /** The newest change time the feed reported per key id / unit code, so the overlap does not drop answers twice. */
    private final Map<String, String> seenChanges = new ConcurrentHashMap<>();

    /** An answer and when it was asked (System.nanoTime). */
    private record Stamped(VerifiedKey key, long at) {
    }

    public KeyVerifier(UpstreamClients upstreams, CallerTokenSigner signer, GatewayConfig config, GatewayMetrics metrics) {
        this.upstreams = upstreams;
        this.signer = signer;
        this.metrics = metrics;
        Duration maxAge = config.keyCache().maxAge().compareTo(config.keyCache().ttl()) > 0 ? config.keyCache().maxAge() : config.keyCache().ttl();
        this.cache = Caffeine.newBuilder()
                // A refusal leaves this cache as soon as it arrives (it is in `refused` by then); in-flight answers stay.
                .expireAfter(Expiry.<String, Stamped>writing((hash, stamped) -> !stamped.key().valid() ? Duration.ZERO
                        : stamped.key().validUntil() == null ? maxAge
                        : min(maxAge, Duration.between(Instant.now(), stamped.key().validUntil()))))
                .maximumSize(config.keyCache().maxEntries())
                .buildAsync();
        this.refused = Caffeine.newBuilder()
                .expireAfterWrite(config.keyCache().negativeTtl())
                .maximumSize(config.keyCache().negativeMaxEntries())
                .build();
        this.ttlNanos = config.keyCache().ttl().toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.changesInterval = config.keyCache().changesInterval();
        this.changesOverlap = config.keyCache().changesOverlap();
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isNegative() ? Duration.ZERO : m;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        long every = Math.max(50, changesInterval.toMillis());
        vertx.setPeriodic(every, id -> pollChanges());
        pollChanges();
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
            long now = System.nanoTime();
            long age = now - cached.at();
            boolean trusted = cached.key().valid() && trusted(cached, now);
            if (cached.key().valid() && (droppedSince(cached) || (!trusted && age > ttlNanos))) {
                // Named by the feed after it was asked, or too old to use without a current feed: ask now.
                cache.asMap().remove(fingerprint, answer);
                answer = cache.get(fingerprint, (hash, executor) -> ask(apiKey, fingerprint));
            } else {
                if (cached.key().valid() && age > (trusted ? maxAgeNanos : ttlNanos) / 2 && refreshing.add(fingerprint)) {
                    ask(apiKey, fingerprint).whenComplete((fresh, failure) -> {
                        if (failure == null && fresh.key().valid()) {
                            cache.put(fingerprint, CompletableFuture.completedFuture(fresh));
                        } else if (failure == null) {
                            cache.synchronous().invalidate(fingerprint);
                        }
                        refreshing.remove(fingerprint);
                    });
                }
                if (Vertx.currentContext() == context) {
                    return Future.succeededFuture(cached.key());
                }
            }
        }
        return Future.fromCompletionStage(answer.thenApply(Stamped::key), context);
    }

    /** The feed is current, and covers every change since the answer was asked. */
    private boolean trusted(Stamped s, long now) {
        return pollOk && s.at() - coveredFrom >= 0 && now - lastPollSent <= ttlNanos;
    }

    /** The feed dropped this answer's key or unit after the answer was asked. */
    private boolean droppedSince(Stamped s) {
        if (!s.key().valid()) {
            return false;
        }
        Long k = droppedKeys.get(s.key().caller().keyId());
        if (k != null && k - s.at() >= 0) {
            return true;
        }
        String unit = s.key().caller().unitCode();
        Long u = unit == null ? null : droppedUnits.get(unit);
        return u != null && u - s.at() >= 0;
    }

    private CompletableFuture<Stamped> ask(String apiKey, String fingerprint) {
        long asked = System.nanoTime();
        return askUnitsService(apiKey).map(key -> {
            if (!key.valid()) {
                refused.put(fingerprint, key);
            }
            return new Stamped(key, asked);
        }).toCompletionStage().toCompletableFuture();
    }

    // ------------------------------------------------------------------ the change feed

    /** One poll of units-service's change feed, unless one is still under way. */
    void pollChanges() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        long sent = System.nanoTime();
        String since = cursor;
        Upstream units = Upstream.UNITS;
        String uri = CHANGES_PATH + (since == null ? "" : "?since=" + since);
        upstreams.client(units)
                .request(upstreams.request(units, HttpMethod.GET, uri, Math.max(1000, ttlNanos / 1_000_000))
                        .putHeader(HttpHeaders.ACCEPT, "application/json")
                        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + signer.tokenFor(CallerTokenSigner.GATEWAY, units)))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : response.body().compose(ignored -> Future.failedFuture(new IllegalStateException(
                                "units-service answered " + response.statusCode() + " to " + CHANGES_PATH))))
                .onComplete(ar -> {
                    try {
                        if (ar.succeeded()) {
                            applyChanges(ar.result().toJsonObject(), sent);
                        } else {
                            pollFailed(ar.cause());
                        }
                    } catch (RuntimeException e) {
                        pollFailed(e);
                    } finally {
                        polling.set(false);
                    }
                });
    }

    private void applyChanges(JsonObject json, long sent) {
        Instant asOf = Instant.parse(json.getString("asOf"));
        long now = System.nanoTime();
        Set<String> keys = changed(json.getJsonArray("revokedKeys"), "k:");
        Set<String> units = changed(json.getJsonArray("changedUnits"), "u:");
        keys.forEach(k -> droppedKeys.put(k, now));
        units.forEach(u -> droppedUnits.put(u, now));
        int dropped = 0;
        if (!keys.isEmpty() || !units.isEmpty()) {
            for (Map.Entry<String, CompletableFuture<Stamped>> e : cache.asMap().entrySet()) {
                CompletableFuture<Stamped> f = e.getValue();
                if (f.isDone() && !f.isCompletedExceptionally()) {
                    VerifiedKey key = f.join().key();
                    if (key.valid() && (keys.contains(key.caller().keyId())
                            || key.caller().unitCode() != null && units.contains(key.caller().unitCode()))
                            && cache.asMap().remove(e.getKey(), f)) {
                        dropped++;
                    }
                }
            }
            metrics.keyCacheInvalidated(dropped);
            LOG.debugf("key change feed: %d revoked keys, %d changed units, %d kept answers dropped", keys.size(), units.size(), dropped);
        }
        // Forget what no answer in flight can predate any more (asked at most an upstream timeout ago).
        long forget = now - Math.max(60_000_000_000L, 2 * ttlNanos);
        droppedKeys.values().removeIf(t -> t - forget < 0);
        droppedUnits.values().removeIf(t -> t - forget < 0);
        if (seenChanges.size() > 100_000) {
            seenChanges.clear();
        }
        cursor = asOf.minus(changesOverlap).toString();
        if (coveredFrom == Long.MAX_VALUE) {
            coveredFrom = sent;
        }
        lastPollSent = sent;
        if (!pollOk) {
            LOG.infof("key change feed of units-service current: kept key answers are trusted up to %d s", maxAgeNanos / 1_000_000_000L);
        }
        pollOk = true;
        metrics.keyChangesPoll(true);
    }

    /** The ids in a feed array (objects {id, at}, as units-service sends them) whose change the gateway has not acted on yet. */
    private Set<String> changed(JsonArray array, String prefix) {
        Set<String> out = new HashSet<>();
        if (array == null) {
            return out;
        }
        for (Object o : array) {
            if (!(o instanceof JsonObject j) || j.getString("id") == null) {
                continue;
            }
            String id = j.getString("id");
            String at = j.getString("at");
            // The same change comes again in the overlap of later polls: act on each change once.
            if (at == null || !at.equals(seenChanges.put(prefix + id, at))) {
                out.add(id);
            }
        }
        return out;
    }

    private void pollFailed(Throwable cause) {
        metrics.keyChangesPoll(false);
        if (pollOk && System.nanoTime() - lastPollSent > ttlNanos) {
            pollOk = false;
            LOG.warnf("key change feed of units-service not answering (%s): kept key answers are verified again after %d s",
                    cause.toString(), ttlNanos / 1_000_000_000L);
        } else {
            LOG.debugf("key change feed poll failed: %s", cause.toString());
        }
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
            String until = json.getString("validUntil");
            return new VerifiedKey(true, null, new Caller(json.getString("keyId"), json.getString("role"),
                    json.getString("unitCode"), json.getBoolean("subtree", false)), until == null ? null : Instant.parse(until));
        });
    }

    static String fingerprint(String apiKey) {
        return DigestUtils.sha256Hex(apiKey);
    }
}
