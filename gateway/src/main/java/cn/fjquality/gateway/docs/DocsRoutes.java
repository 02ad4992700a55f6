package cn.fjquality.gateway.docs;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.routing.GatewayRouter;
import cn.fjquality.gateway.routing.Problems;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open documentation: GET /api/openapi (the services' documents merged, served from memory:
 * {@link MergedOpenApi}) and GET /api/docs (Swagger UI from the org.webjars:swagger-ui jar, no CDN).
 */
@ApplicationScoped
public class DocsRoutes {
    private static final Logger LOG = Logger.getLogger(DocsRoutes.class);
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private final MergedOpenApi openApi;
    private final GatewayConfig config;
    private final Map<String, Buffer> files = new ConcurrentHashMap<>();
    /**
     * The pages' files (scorecard, reporting form, target page), served from src/main/resources/scorecard/; nothing else
     * (the parts the pages share, under scorecard/parts/, only inside a page).
     */
    private static final Map<String, String> SCORECARD_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "report.html", "text/html; charset=utf-8",
            "target.html", "text/html; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8",
            "scorecard.js", "text/javascript; charset=utf-8",
            "report.js", "text/javascript; charset=utf-8",
            "target.js", "text/javascript; charset=utf-8",
            "scorecard.css", "text/css; charset=utf-8");
    /** A target code as the catalog writes them (the page reads the code from its own address). */
    private static final java.util.regex.Pattern TARGET_CODE = java.util.regex.Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)*");
    private final String swaggerVersion = swaggerUiVersion();

    public DocsRoutes(MergedOpenApi openApi, GatewayConfig config) {
        this.openApi = openApi;
        this.config = config;
    }

    void install(@Observes Router router) {
        router.get("/api/openapi").order(-2).handler(this::openapi);
        router.get("/api/docs").order(-2).handler(this::index);
        router.get("/api/docs/").order(-2).handler(this::index);
        router.get("/api/docs/:file").order(-2).handler(this::asset);
        router.get("/scorecard").order(-2).handler(ctx -> scorecard(ctx, "index.html"));
        router.get("/scorecard/").order(-2).handler(ctx -> scorecard(ctx, "index.html"));
        router.get("/scorecard/:file").order(-2).handler(ctx -> scorecard(ctx, ctx.pathParam("file")));
        router.get("/scorecard/targets/:code").order(-2).handler(ctx -> {
            String code = ctx.pathParam("code");
            scorecard(ctx, code != null && code.length() <= 48 && TARGET_CODE.matcher(code).matches() ? "target.html" : "-");
        });
        // The reporting form and review queue: the same kind of page, for reporters and reviewers.
        router.get("/report").order(-2).handler(ctx -> scorecard(ctx, "report.html"));
        router.get("/report/").order(-2).handler(ctx -> scorecard(ctx, "report.html"));
    }

    /** The analysts' scorecard: a static page that reads the API with the key the user types in. */
    private void scorecard(RoutingContext ctx, String file) {
        GatewayRouter.label(ctx, "scorecard", ctx.request().path().startsWith("/report") ? "/report" : "/scorecard");
        String type = SCORECARD_FILES.get(file);
        if (type == null) {
            Problems.write(ctx, 404, "NOT_FOUND", "No such resource");
            return;
        }
        ctx.response().putHeader("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        serve(ctx, "scorecard/" + file, type);
    }

    /** The merged document from memory ({@link MergedOpenApi}), with its ETag; 304 when the client has it. */
    private void openapi(RoutingContext ctx) {
        GatewayRouter.label(ctx, "openapi", "/api/openapi");
        Context context = Vertx.currentContext();
        openApi.get().onComplete(ar -> {
            if (context != null && Vertx.currentContext() != context) {
                // The first build completes on the context of the request that started it: answer on this request's own.
                context.runOnContext(v -> answer(ctx, ar));
            } else {
                answer(ctx, ar);
            }
        });
    }

    private void answer(RoutingContext ctx, AsyncResult<MergedOpenApi.Snapshot> ar) {
        if (ar.failed()) {
            LOG.warnf(ar.cause(), "merged OpenAPI not available: %s", ar.cause().toString());
            Problems.write(ctx, 502, "UPSTREAM_UNAVAILABLE", "The API documentation cannot be built right now");
            return;
        }
        MergedOpenApi.Snapshot snapshot = ar.result();
        MergedOpenApi.Served served = snapshot.served(serverUrl(ctx));
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.ETAG, served.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, snapshot.complete()
                        ? "public, max-age=" + config.openapi().ttl().toSeconds()
                        : "no-cache");
        if (config.publicUrl().isEmpty()) {
            // the document names the origin it was asked at: a shared cache must keep one copy per Host
            response.putHeader(HttpHeaders.VARY, "Host");
        }
        if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), served.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(served.body());
    }

    /** gateway.public-url, else the origin the request came to (when its Host is a plain name or address). */
    private String serverUrl(RoutingContext ctx) {
        return config.publicUrl().map(DocsRoutes::withoutTrailingSlash)
                .orElseGet(() -> origin(ctx.request().scheme(), ctx.request().getHeader(HttpHeaders.HOST)));
    }

    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");

    /** {@code scheme://host[:port]} from the request's scheme and Host header; {@link #DEFAULT_SERVER} when either is odd. */
    static String origin(String scheme, String host) {
        if (host == null || host.length() > 260 || !HOST.matcher(host).matches()
                || !("http".equals(scheme) || "https".equals(scheme))) {
            return DEFAULT_SERVER;
        }
        return scheme + "://" + host.toLowerCase(java.util.Locale.ROOT);
    }

    static String withoutTrailingSlash(java.net.URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** If-None-Match: a list of entity tags (weak ones compared weakly, as RFC 9110 says for GET), or *. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private void index(RoutingContext ctx) {
        GatewayRouter.label(ctx, "docs", "/api/docs");
        serve(ctx, "docs/index.html", "text/html; charset=utf-8");
    }

    private void asset(RoutingContext ctx) {
        GatewayRouter.label(ctx, "docs", "/api/docs");
        String file = ctx.pathParam("file");
        if ("init.js".equals(file)) {
            serve(ctx, "docs/init.js", "text/javascript; charset=utf-8");
            return;
        }
        String type = ASSETS.get(file);
        if (type == null || swaggerVersion == null) {
            Problems.write(ctx, 404, "NOT_FOUND", "No such resource");
            return;
        }
        serve(ctx, WEBJAR + swaggerVersion + "/" + file, type);
    }

    private void serve(RoutingContext ctx, String resource, String type) {
        Buffer content = files.computeIfAbsent(resource, DocsRoutes::load);
        if (content.length() == 0) {
            Problems.write(ctx, 404, "NOT_FOUND", "No such resource");
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .end(content);
    }

    /** A file as served; a page (an .html under scorecard/) with its shared parts put in ({@link PageParts}). */
    private static Buffer load(String resource) {
        byte[] bytes = bytes(resource);
        if (bytes == null) {
            return Buffer.buffer();
        }
        if (resource.startsWith("scorecard/") && resource.endsWith(".html")) {
            String page = PageParts.expand(new String(bytes, StandardCharsets.UTF_8), part -> {
                byte[] b = bytes(part);
                return b == null ? null : new String(b, StandardCharsets.UTF_8);
            });
            return Buffer.buffer(page);
        }
        return Buffer.buffer(bytes);
    }

    /** A resource's bytes, or null when there is none. */
    private static byte[] bytes(String resource) {
        try (InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swaggerUiVersion() {
        try (InputStream in = DocsRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
