package cn.fjquality.gateway.docs;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.observability.GatewayMetrics;
import cn.fjquality.gateway.routing.Upstream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache of the merged document on its own, with fetches the test completes by hand. */
class MergedOpenApiTest {
    private final Map<Upstream, List<Promise<JsonObject>>> fetches = new EnumMap<>(Upstream.class);

    private MergedOpenApi cache(Duration ttl) {
        GatewayConfig.OpenApi config = new GatewayConfig.OpenApi() {
            @Override
            public Duration fetchTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public Duration incompleteTtl() {
                return ttl;
            }

            @Override
            public License license() {
                throw new UnsupportedOperationException("the tests use OpenApiMerger.Settings.DEFAULT");
            }
        };
        return new MergedOpenApi(upstream -> {
            Promise<JsonObject> p = Promise.promise();
            fetches.computeIfAbsent(upstream, u -> new ArrayList<>()).add(p);
            return p.future();
        }, config, new GatewayMetrics(new SimpleMeterRegistry()));
    }

    private static JsonObject document(String path) {
        return new JsonObject().put("openapi", "3.1.0").put("paths", new JsonObject().put(path, new JsonObject()));
    }

    private void answerAll(int round, boolean reportsUp) {
        fetches.get(Upstream.UNITS).get(round).complete(document("/api/v1/units"));
        fetches.get(Upstream.TARGETS).get(round).complete(document("/api/v1/targets"));
        if (reportsUp) {
            fetches.get(Upstream.REPORTS).get(round).complete(document("/api/v1/measurements"));
        } else {
            fetches.get(Upstream.REPORTS).get(round).fail(new IllegalStateException("down"));
        }
    }

    @Test
    void concurrentFirstRequestsShareOneBuild() {
        MergedOpenApi cache = cache(Duration.ofMinutes(1));
        List<Future<MergedOpenApi.Snapshot>> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(cache.get());
        }
        for (Upstream u : Upstream.values()) {
            assertEquals(1, fetches.get(u).size(), u + " fetched once for 100 requests");
        }
        assertFalse(waiting.get(0).isComplete(), "the first requests wait for the first build");
        answerAll(0, true);
        MergedOpenApi.Snapshot first = waiting.get(0).result();
        assertTrue(first.complete());
        for (Future<MergedOpenApi.Snapshot> f : waiting) {
            assertSame(first, f.result());
        }
        assertSame(first, cache.get().result(), "then from memory");
        for (Upstream u : Upstream.values()) {
            assertEquals(1, fetches.get(u).size());
        }
    }

    @Test
    void anOldCopyIsServedAtOnceWhileOneRebuildRunsAndADownServiceKeepsItsLastGoodDocument() throws InterruptedException {
        MergedOpenApi cache = cache(Duration.ofMillis(50));
        Future<MergedOpenApi.Snapshot> firstFuture = cache.get();
        answerAll(0, true);
        MergedOpenApi.Snapshot first = firstFuture.result();
        Thread.sleep(80);
        for (int i = 0; i < 50; i++) {
            assertSame(first, cache.get().result(), "the old copy, without waiting");
        }
        for (Upstream u : Upstream.values()) {
            assertEquals(2, fetches.get(u).size(), u + ": one rebuild for 50 requests");
        }
        answerAll(1, false);
        MergedOpenApi.Snapshot second = cache.get().result();
        assertNotEquals(first.served(DocsRoutes.DEFAULT_SERVER).etag(), second.served(DocsRoutes.DEFAULT_SERVER).etag());
        assertFalse(second.complete());
        JsonObject merged = second.served(DocsRoutes.DEFAULT_SERVER).body().toJsonObject();
        assertTrue(merged.getJsonObject("paths").containsKey("/api/v1/measurements"), "reports from its last good copy");
        assertEquals(List.of("reports"), merged.getJsonArray("x-stale-services").getList());
        assertEquals(List.of(), merged.getJsonArray("x-missing-services").getList());
    }

    @Test
    void aServiceNeverReadIsMissing() {
        MergedOpenApi cache = cache(Duration.ofMinutes(1));
        Future<MergedOpenApi.Snapshot> f = cache.get();
        answerAll(0, false);
        JsonObject merged = f.result().served(DocsRoutes.DEFAULT_SERVER).body().toJsonObject();
        assertEquals(List.of("reports"), merged.getJsonArray("x-missing-services").getList());
        assertEquals(List.of(), merged.getJsonArray("x-stale-services").getList());
        assertFalse(merged.getJsonObject("paths").containsKey("/api/v1/measurements"));
    }

    @Test
    void ifNoneMatch() {
        assertTrue(DocsRoutes.matches("\"abc\"", "\"abc\""));
        assertTrue(DocsRoutes.matches("W/\"abc\"", "\"abc\""));
        assertTrue(DocsRoutes.matches("\"x\", \"abc\"", "\"abc\""));
        assertTrue(DocsRoutes.matches("*", "\"abc\""));
        assertFalse(DocsRoutes.matches("\"abd\"", "\"abc\""));
        assertFalse(DocsRoutes.matches(null, "\"abc\""));
    }
}
