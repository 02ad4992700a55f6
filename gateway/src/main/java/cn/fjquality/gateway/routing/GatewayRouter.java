package cn.fjquality.gateway.routing;

import cn.fjquality.gateway.config.GatewayConfig;
import cn.fjquality.gateway.observability.GatewayMetrics;
import cn.fjquality.gateway.security.AuthFailureThrottle;
import cn.fjquality.gateway.security.CallerTokenSigner;
import cn.fjquality.gateway.security.ClientAddress;
import cn.fjquality.gateway.security.Credentials;
import cn.fjquality.gateway.security.KeyVerifier;
import cn.fjquality.gateway.security.RateLimiter;
import cn.fjquality.gateway.security.VerifiedKey;
import cn.fjquality.security.Caller;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The gateway's request pipeline on the Quarkus Vert.x router:
 * request id and path check (every request) → route → body limit → failed-authentication throttle of the client
 * address → API key → role → rate limit → Vert.x HTTP proxy to the service, bodies streamed both ways.
 */
@ApplicationScoped
public class GatewayRouter {
    public static final String REQUEST_ID = "X-Request-Id";
    static final String ROUTE_LABEL = "gateway.route-label";
    static final String ROUTE_TEMPLATE = "gateway.route-template";
    static final String KEY_ID = "gateway.key-id";
    static final int CLIENT_CLOSED_REQUEST = 499;

    private static final Logger LOG = Logger.getLogger(GatewayRouter.class);
    private static final Logger ACCESS = Logger.getLogger("cn.fjquality.gateway.access");
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<String> KNOWN_REASONS = Set.of("MALFORMED", "UNKNOWN", "REVOKED", "UNIT_INACTIVE");

    private final GatewayConfig config;
    private final UpstreamClients upstreams;
    private final KeyVerifier verifier;
    private final CallerTokenSigner signer;
    private final RateLimiter rateLimiter;
    private final AuthFailureThrottle authFailures;
    private final GatewayMetrics metrics;

    public GatewayRouter(GatewayConfig config, UpstreamClients upstreams, KeyVerifier verifier, CallerTokenSigner signer,
                         RateLimiter rateLimiter, AuthFailureThrottle authFailures, GatewayMetrics metrics) {
        this.config = config;
        this.upstreams = upstreams;
        this.verifier = verifier;
        this.signer = signer;
        this.rateLimiter = rateLimiter;
        this.authFailures = authFailures;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        // After CORS, before the body-size checks (problem-json's at -200, Quarkus' at -2) and every application route.
        router.route().order(-1000).handler(this::begin);
        // Order -1: after the docs routes (-2), before anything Quarkus REST would try.
        router.route("/api/*").order(-1).handler(this::api);
    }

    /** Every request: request id, path sanity, access log and metrics when it ends. */
    private void begin(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String given = request.getHeader(REQUEST_ID);
        String requestId = given != null && VALID_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        ctx.put(REQUEST_ID, requestId);
        ctx.addHeadersEndHandler(v -> ctx.response().putHeader(REQUEST_ID, requestId));
        String normalized = ctx.normalizedPath();
        if (normalized == null || !normalized.startsWith("/q/")) {
            ctx.addEndHandler(v -> finish(ctx, start, requestId));
        }
        if (!isSafePath(request.path())) {
            Problems.write(ctx, 400, "BAD_PATH", "The path must not contain empty, '.' or '..' segments or encoded separators");
            return;
        }
        ctx.next();
    }

    /** Everything under /api that is not the docs. */
    private void api(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // Nothing of the body may be lost (or buffered) while the key is being verified.
        request.pause();
        Optional<GatewayRoute> match = GatewayRoute.match(ctx.normalizedPath());
        if (match.isEmpty()) {
            Problems.write(ctx, 404, "NOT_FOUND", "No such resource");
            return;
        }
        GatewayRoute route = match.get();
        ctx.put(ROUTE_LABEL, route.name());
        ctx.put(ROUTE_TEMPLATE, route.template());

        long limit = bodyLimit(route);
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                Problems.write(ctx, 400, "BAD_REQUEST", "Content-Length is not a number");
                return;
            }
            if (length > limit) {
                Problems.write(ctx, 413, "PAYLOAD_TOO_LARGE", "The request body is larger than this route allows (" + limit + " bytes)");
                return;
            }
        }

        // An address with too many failed authentications is refused before its key is even read.
        String client = ClientAddress.of(request);
        long blocked = authFailures.blockedFor(client);
        if (blocked > 0) {
            throttled(ctx, blocked);
            return;
        }
        Credentials.Result credential = Credentials.extract(request.headers());
        if (credential instanceof Credentials.Missing) {
            metrics.authFailure("MISSING");
            Problems.write(ctx, 401, "UNAUTHENTICATED", "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                    Map.of("WWW-Authenticate", "Bearer"));
            return;
        }
        if (credential instanceof Credentials.Malformed) {
            metrics.authFailure("MALFORMED");
            authFailures.failed(client);
            invalidKey(ctx);
            return;
        }
        String apiKey = ((Credentials.Presented) credential).apiKey();
        // A key units-service must be asked about takes its try first (given back if the key is valid): however many
        // requests an address sends at once, no more of them reach units-service than it has tries left.
        boolean tookTry = !verifier.isKnown(apiKey);
        if (tookTry) {
            long wait = authFailures.reserve(client);
            if (wait > 0) {
                throttled(ctx, wait);
                return;
            }
        }
        Context context = Vertx.currentContext();
        verifier.verify(apiKey, context).onComplete(ar -> {
            if (ar.failed()) {
                if (tookTry) {
                    authFailures.refund(client);
                }
                LOG.warnf("requestId=%s cannot verify API key: %s", ctx.get(REQUEST_ID), ar.cause().toString());
                Problems.write(ctx, 502, "UPSTREAM_UNAVAILABLE", "API keys cannot be verified right now (units-service is not reachable)");
                return;
            }
            VerifiedKey verified = ar.result();
            if (verified.valid() && tookTry) {
                authFailures.refund(client);
            } else if (!verified.valid() && !tookTry) {
                authFailures.failed(client);
            }
            authorized(ctx, route, verified, limit);
        });
    }

    private void throttled(RoutingContext ctx, long retryAfter) {
        metrics.authThrottled();
        Problems.write(ctx, 429, "TOO_MANY_FAILED_AUTHENTICATIONS",
                "Too many failed authentications from this address; retry after " + retryAfter + " s",
                Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(retryAfter)));
    }

    private void authorized(RoutingContext ctx, GatewayRoute route, VerifiedKey verified, long limit) {
        if (!verified.valid()) {
            metrics.authFailure(KNOWN_REASONS.contains(verified.reason()) ? verified.reason() : "OTHER");
            invalidKey(ctx);
            return;
        }
        Caller caller = verified.caller();
        ctx.put(KEY_ID, caller.keyId());
        String method = ctx.request().method().name();
        if (!route.allows(caller.role(), method)) {
            Problems.write(ctx, 403, "FORBIDDEN", "A " + caller.role() + " key may not " + method + " " + route.template());
            return;
        }
        long retryAfter = rateLimiter.tryAcquire(caller);
        if (retryAfter > 0) {
            metrics.rateLimited(caller.role());
            Problems.write(ctx, 429, "RATE_LIMITED", "Too many requests for this API key; retry after " + retryAfter + " s",
                    Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(retryAfter)));
            return;
        }
        forward(ctx, route, caller, limit);
    }

    private void forward(RoutingContext ctx, GatewayRoute route, Caller caller, long limit) {
        HttpServerRequest request = ctx.request();
        Upstream upstream = route.upstream();
        HttpClient client = upstreams.client(upstream);
        String query = request.query();
        String uri = ctx.normalizedPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        long timeout = upstreams.timeoutMillis(upstream);
        var options = upstreams.request(upstream, request.method(), uri, timeout);
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client);
        proxy.origin(proxyContext -> upstreams.acquire(upstream, options, request.response()).onSuccess(upstreamRequest ->
                upstreamRequest.exceptionHandler(e ->
                        // The proxy answers the client (502/504/413); this only keeps Vert.x from logging it as unhandled.
                        LOG.debugf("requestId=%s upstream request failed: %s", ctx.get(REQUEST_ID), e.toString()))));
        proxy.addInterceptor(new ForwardingInterceptor(ctx.vertx(), route, options.getURI(), signer.tokenFor(caller, upstream),
                ctx.get(REQUEST_ID), limit));
        proxy.handle(request);
    }

    private void invalidKey(RoutingContext ctx) {
        Problems.write(ctx, 401, "INVALID_API_KEY", "The API key is malformed, unknown or revoked",
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    private long bodyLimit(GatewayRoute route) {
        MemorySize size = config.bodyLimit().routes().getOrDefault(route.name(), config.bodyLimit().defaultLimit());
        return size.asLongValue();
    }

    private void finish(RoutingContext ctx, long start, String requestId) {
        long nanos = System.nanoTime() - start;
        // 499 (as nginx logs it): the client closed its connection before it was answered in full.
        int status = ctx.response().ended() ? ctx.response().getStatusCode() : CLIENT_CLOSED_REQUEST;
        String label = ctx.get(ROUTE_LABEL);
        String template = ctx.get(ROUTE_TEMPLATE);
        String normalized = ctx.normalizedPath();
        if (label == null) {
            boolean api = normalized != null && (normalized.equals("/api") || normalized.startsWith("/api/"));
            label = api ? "unmatched" : "other";
            template = api ? "(unmatched /api)" : "(other)";
        }
        String method = ctx.request().method().name();
        metrics.request(label, method, status, nanos);
        String keyId = ctx.get(KEY_ID);
        ACCESS.infof("%s %s %d %dms key=%s requestId=%s", method, template, status, nanos / 1_000_000,
                keyId == null ? "-" : keyId, requestId);
    }

    /** Rejects what could climb out of /api/v1 or hide a different path from the route table. */
    static boolean isSafePath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("//") || lower.contains("\\") || lower.contains("%2e") || lower.contains("%2f")
                || lower.contains("%5c") || lower.contains("%00") || lower.contains("%25")) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** For the docs routes, which share the request id and access log. */
    public static void label(RoutingContext ctx, String label, String template) {
        ctx.put(ROUTE_LABEL, label);
        ctx.put(ROUTE_TEMPLATE, template);
    }
}
