package cn.fjquality.gateway.docs;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.observability.GatewayMetrics;
import cn.fjquality.gateway.routing.GatewayRoute;
import cn.fjquality.gateway.routing.Upstream;
import cn.fjquality.gateway.routing.UpstreamClients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The merged OpenAPI document, built once and kept: requests are served from memory, never by calling the services.
 * Once the copy is older than {@code gateway.openapi.ttl} (60 s; {@code incomplete-ttl}, 5 s, while a service is
 * missing or stale) the next request still gets it at once and starts one rebuild in the background; a rebuild already
 * under way is joined, never doubled (single flight), so the services see at most one fetch each per rebuild however
 * many requests arrive. The very first request waits for the first build.
 *
 * <p>Each service's last good document is kept: a service that cannot be read is merged from it and listed in
 * {@code x-stale-services}; one never read yet is listed in {@code x-missing-services}. Memory: one document per
 * service and the merged one.
 */
@ApplicationScoped
public class MergedOpenApi {
    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    /** The largest service document read (bytes). */
    static final int MAX_DOCUMENT = 8 * 1024 * 1024;

    /** Variants of one snapshot kept per server URL (the request's origin when gateway.public-url is not set). */
    static final int MAX_SERVED_VARIANTS = 16;

    /** The merged document as served for one server URL: its bytes and their ETag. */
    public record Served(Buffer body, String etag) {
    }

    /**
     * A merged document (without {@code servers}), and the bodies served from it, one per server URL (at most
     * {@link #MAX_SERVED_VARIANTS} kept; more are built per request).
     */
    public record Snapshot(JsonObject document, boolean complete, long builtAt, long ttlNanos, Map<String, Served> variants) {
        boolean stale(long now) {
            return now - builtAt >= ttlNanos;
        }

        /** The document naming {@code serverUrl} in {@code servers}, with its ETag. */
        public Served served(String serverUrl) {
            Served served = variants.get(serverUrl);
            if (served == null) {
                Buffer body = OpenApiMerger.withServer(document, serverUrl).toBuffer();
                served = new Served(body, etag(body));
                if (variants.size() < MAX_SERVED_VARIANTS) {
                    Served raced = variants.putIfAbsent(serverUrl, served);
                    served = raced == null ? served : raced;
                }
            }
            return served;
        }
    }

    private final Function<Upstream, Future<JsonObject>> fetcher;
    private final GatewayConfig.OpenApi config;
    private final OpenApiMerger.Settings settings;
    private final GatewayMetrics metrics;
    private final Map<Upstream, JsonObject> lastGood = new ConcurrentHashMap<>();
    /** Services whose last fetch failed: logged when that changes, not on every rebuild. */
    private final Set<Upstream> failing = ConcurrentHashMap.newKeySet();
    private volatile Snapshot current;
    private Future<Snapshot> building;

    @Inject
    public MergedOpenApi(UpstreamClients upstreams, GatewayConfig config, GatewayMetrics metrics) {
        this(upstream -> fetch(upstreams, config, upstream), config.openapi(), metrics, settings(config));
    }

    MergedOpenApi(Function<Upstream, Future<JsonObject>> fetcher, GatewayConfig.OpenApi config, GatewayMetrics metrics) {
        this(fetcher, config, metrics, OpenApiMerger.Settings.DEFAULT);
    }

    MergedOpenApi(Function<Upstream, Future<JsonObject>> fetcher, GatewayConfig.OpenApi config, GatewayMetrics metrics,
                  OpenApiMerger.Settings settings) {
        this.fetcher = fetcher;
        this.config = config;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** The license and the body limit per route, as configured. */
    static OpenApiMerger.Settings settings(GatewayConfig config) {
        GatewayConfig.OpenApi.License license = config.openapi().license();
        return new OpenApiMerger.Settings(license.name(), license.identifier(), license.url().map(Object::toString),
                path -> GatewayRoute.match(path)
                        .map(route -> config.bodyLimit().routes().getOrDefault(route.name(), config.bodyLimit().defaultLimit()).asLongValue())
                        .orElse(null));
    }

    /** The current copy (starting a background rebuild when it is old), or the first one when there is none yet. */
    public Future<Snapshot> get() {
        Snapshot snapshot = current;
        if (snapshot == null) {
            return rebuild();
        }
        if (snapshot.stale(System.nanoTime())) {
            rebuild();
        }
        return Future.succeededFuture(snapshot);
    }

    private synchronized Future<Snapshot> rebuild() {
        if (building != null) {
            return building;
        }
        Future<Snapshot> build = build();
        building = build;
        build.onComplete(done -> {
            synchronized (this) {
                building = null;
            }
        });
        return build;
    }

    private Future<Snapshot> build() {
        List<Upstream> services = List.of(Upstream.values());
        List<Future<JsonObject>> fetches = new ArrayList<>();
        for (Upstream upstream : services) {
            fetches.add(fetcher.apply(upstream));
        }
        return Future.join(fetches).transform(ignored -> {
            Map<String, JsonObject> documents = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            List<String> stale = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                Upstream upstream = services.get(i);
                Future<JsonObject> f = fetches.get(i);
                metrics.openApiFetch(upstream.id(), f.succeeded());
                if (f.succeeded()) {
                    if (failing.remove(upstream)) {
                        LOG.infof("OpenAPI of %s-service read again", upstream.id());
                    }
                    lastGood.put(upstream, f.result());
                    documents.put(upstream.id(), f.result());
                    continue;
                }
                JsonObject previous = lastGood.get(upstream);
                boolean news = failing.add(upstream);
                if (previous != null) {
                    if (news) {
                        LOG.infof("OpenAPI of %s-service not available (%s): merging its last good copy", upstream.id(), f.cause().toString());
                    }
                    documents.put(upstream.id(), previous);
                    stale.add(upstream.id());
                } else {
                    if (news) {
                        LOG.infof("OpenAPI of %s-service not available: %s", upstream.id(), f.cause().toString());
                    }
                    missing.add(upstream.id());
                }
            }
            JsonObject merged = OpenApiMerger.merge(documents, missing, settings).put("x-stale-services", new JsonArray(stale));
            boolean complete = missing.isEmpty() && stale.isEmpty();
            Snapshot snapshot = new Snapshot(merged, complete, System.nanoTime(),
                    (complete ? config.ttl() : config.incompleteTtl()).toNanos(), new ConcurrentHashMap<>());
            current = snapshot;
            return Future.succeededFuture(snapshot);
        });
    }

    private static Future<JsonObject> fetch(UpstreamClients upstreams, GatewayConfig config, Upstream upstream) {
        return upstreams.client(upstream)
                .request(upstreams.request(upstream, HttpMethod.GET, "/q/openapi?format=json", config.openapi().fetchTimeout().toMillis())
                        .putHeader(HttpHeaders.ACCEPT, "application/json"))
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return response.body().compose(ignored -> Future.failedFuture(new IllegalStateException("status " + response.statusCode())));
                    }
                    // Read with a cap: a service's document is a few hundred kB; never hold an unbounded answer.
                    Promise<Buffer> read = Promise.promise();
                    Buffer body = Buffer.buffer();
                    response.exceptionHandler(read::tryFail);
                    response.handler(chunk -> {
                        if (body.length() + chunk.length() > MAX_DOCUMENT) {
                            response.handler(null);
                            response.request().reset();
                            read.tryFail(new IllegalStateException("document larger than " + MAX_DOCUMENT + " bytes"));
                            return;
                        }
                        body.appendBuffer(chunk);
                    });
                    response.endHandler(v -> read.tryComplete(body));
                    return read.future();
                })
                .map(Buffer::toJsonObject);
    }

    /** A strong validator: the first 128 bits of the body's SHA-256. */
    static String etag(Buffer body) {
        byte[] digest = DigestUtils.sha256(body.getBytes());
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
    }
}
