package cn.fjquality.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for reports-service (which is written elsewhere): echoes what reached it (method, URI,
 * headers, body size), sleeps on paths containing "/slow" (for 504), and serves a small OpenAPI
 * document with a public and an internal path and a schema that clashes with units-service's (counting the fetches,
 * and answering 503 instead while switched down). For the pool test: requests to {@code /api/v1/measurements/hold}
 * wait until {@code /stub/release} (at most 3 s, under the gateway's 4 s test timeout, or {@code ?ms=} milliseconds), and every request to
 * {@code /api/v1/measurements/counted} is recorded by its query ({@code /stub/counted} lists them, {@code ?reset} clears).
 */
final class StubService {
    private final HttpServer server;
    /** Body bytes received so far on /api/v1/imports/trickle (readable at GET /stub/received). */
    private final AtomicLong trickled = new AtomicLong();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** Fetches of /q/openapi (readable at GET /stub/openapi-fetches); /stub/openapi-down?down=true makes them 503. */
    private final AtomicLong openapiFetches = new AtomicLong();
    private volatile boolean openapiDown;
    private final AtomicInteger holding = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final List<String> counted = new CopyOnWriteArrayList<>();

    private StubService(HttpServer server) {
        this.server = server;
    }

    static StubService start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        StubService stub = new StubService(server);
        server.createContext("/", stub::handle);
        server.setExecutor(stub.executor);
        server.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/stub/received")) {
                respond(exchange, 200, new JsonObject().put("received", trickled.get()));
                return;
            }
            boolean trickle = path.equals("/api/v1/imports/trickle");
            if (trickle) {
                trickled.set(0);
            }
            if (path.equals("/stub/openapi-fetches")) {
                respond(exchange, 200, new JsonObject().put("fetches", openapiFetches.get()));
                return;
            }
            if (path.equals("/stub/openapi-down")) {
                openapiDown = "down=true".equals(exchange.getRequestURI().getRawQuery());
                respond(exchange, 200, new JsonObject().put("down", openapiDown));
                return;
            }
            if (poolTestPath(exchange, path)) {
                return;
            }
            if (path.equals("/q/openapi")) {
                openapiFetches.incrementAndGet();
                respond(exchange, openapiDown ? 503 : 200, openapiDown ? new JsonObject().put("down", true) : openapi());
                return;
            }
            if (path.contains("/slow")) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    bytes += n;
                    if (trickle) {
                        trickled.addAndGet(n);
                    }
                }
            }
            JsonObject headers = new JsonObject();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            respond(exchange, 200, new JsonObject()
                    .put("method", exchange.getRequestMethod())
                    .put("uri", exchange.getRequestURI().toString())
                    .put("bodyBytes", bytes)
                    .put("headers", headers));
        }
    }

    /** The pool test's paths; true if this request was one of them and is answered. */
    private boolean poolTestPath(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/api/v1/measurements/hold" -> {
                holding.incrementAndGet();
                String query = exchange.getRequestURI().getRawQuery();
                long millis = query != null && query.startsWith("ms=") ? Long.parseLong(query.substring(3)) : 3000;
                try {
                    release.await(millis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    holding.decrementAndGet();
                }
                respond(exchange, 200, new JsonObject().put("held", true));
            }
            case "/stub/release" -> {
                CountDownLatch released = release;
                release = new CountDownLatch(1);
                released.countDown();
                respond(exchange, 200, new JsonObject());
            }
            case "/api/v1/measurements/counted" -> {
                counted.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 200, new JsonObject().put("counted", true));
            }
            case "/stub/counted" -> {
                if ("reset".equals(exchange.getRequestURI().getRawQuery())) {
                    counted.clear();
                }
                respond(exchange, 200, new JsonObject().put("holding", holding.get()).put("counted", new JsonArray(List.copyOf(counted))));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonObject openapi() {
        JsonObject operation = new JsonObject()
                .put("summary", "List measurements (stub)")
                .put("security", new JsonArray().add(new JsonObject().put("callerToken", new JsonArray())))
                .put("responses", new JsonObject().put("200", new JsonObject()
                        .put("description", "OK")
                        .put("content", new JsonObject().put("application/json", new JsonObject()
                                .put("schema", new JsonObject().put("$ref", "#/components/schemas/Unit"))))));
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "reports-service stub").put("version", "0"))
                .put("paths", new JsonObject()
                        .put("/api/v1/measurements", new JsonObject().put("get", operation))
                        .put("/internal/v1/stub-only", new JsonObject().put("get", operation.copy())))
                .put("components", new JsonObject()
                        .put("schemas", new JsonObject().put("Unit", new JsonObject().put("type", "object")
                                .put("properties", new JsonObject().put("stubField", new JsonObject().put("type", "string")))))
                        .put("securitySchemes", new JsonObject().put("callerToken", new JsonObject().put("type", "http").put("scheme", "bearer"))));
    }
}
