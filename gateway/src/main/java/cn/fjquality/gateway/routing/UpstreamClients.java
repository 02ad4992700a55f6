package cn.fjquality.gateway.routing;

import cn.fjquality.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** One pooled, keep-alive Vert.x HttpClient per service, with the configured timeouts, and the wait for a connection. */
@ApplicationScoped
public class UpstreamClients {
    private final GatewayConfig config;
    private final Vertx vertx;
    private final Map<Upstream, HttpClient> clients = new EnumMap<>(Upstream.class);

    public UpstreamClients(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.vertx = vertx;
        for (Upstream upstream : Upstream.values()) {
            HttpClientOptions options = new HttpClientOptions()
                    .setKeepAlive(true)
                    .setKeepAliveTimeout((int) Math.max(1, config.upstreamKeepAliveTimeout().toSeconds()))
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setSsl("https".equalsIgnoreCase(url(upstream).getScheme()));
            clients.put(upstream, vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxPoolSize())));
        }
    }

    public HttpClient client(Upstream upstream) {
        return clients.get(upstream);
    }

    public URI url(Upstream upstream) {
        return switch (upstream) {
            case UNITS -> config.services().units().url();
            case TARGETS -> config.services().targets().url();
            case REPORTS -> config.services().reports().url();
        };
    }

    public long timeoutMillis(Upstream upstream) {
        GatewayConfig.Service service = switch (upstream) {
            case UNITS -> config.services().units();
            case TARGETS -> config.services().targets();
            case REPORTS -> config.services().reports();
        };
        return service.timeout().toMillis();
    }

    /**
     * A request to the service on one of its pooled connections. It fails with a {@link TimeoutException} when none
     * frees up within {@code gateway.connect-timeout}, and with {@link ClientGone} when the client left meanwhile
     * ({@code answer}, the response to the client, is closed).
     * <p>
     * The wait is timed here, not by Vert.x ({@link RequestOptions#setConnectTimeout}): Vert.x 4.5's pool can hand a
     * connection to a waiter whose timeout fires at that moment (its cancel does not see that the waiter was already
     * taken from the queue for a lease), and the request then made on it was dropped with the connection taken for
     * good. Under the benchmark's overload that took all 64 connections to reports-service within 16 s. Here a
     * connection that arrives after the wait was given up, or for a client that left, is reset before anything is
     * written, which hands it straight back to the pool.
     */
    public Future<HttpClientRequest> acquire(Upstream upstream, RequestOptions options, HttpServerResponse answer) {
        Promise<HttpClientRequest> outcome = Promise.promise();
        long wait = config.connectTimeout().toMillis();
        long timer = vertx.setTimer(wait, id -> outcome.tryFail(new TimeoutException(
                "no connection to " + upstream.id() + "-service freed up within " + wait + " ms")));
        client(upstream).request(options).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
                outcome.tryFail(ar.cause());
                return;
            }
            HttpClientRequest request = ar.result();
            if (answer.closed()) {
                // Sent now, its body would never end and the connection would stay taken until the route's timeout.
                request.reset();
                outcome.tryFail(new ClientGone());
            } else if (!outcome.tryComplete(request)) {
                request.reset();
            }
        });
        return outcome.future();
    }

    /** The client's connection closed before its request could be sent to the service. */
    static final class ClientGone extends VertxException {
        ClientGone() {
            super("the client closed its connection while the request waited for a connection to the service", true);
        }
    }

    /** Request options aimed at the service; {@code uri} is path and query. */
    public RequestOptions request(Upstream upstream, HttpMethod method, String uri, long timeoutMillis) {
        URI base = url(upstream);
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/$", "");
        return new RequestOptions()
                .setMethod(method)
                .setHost(base.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(basePath + uri)
                .setIdleTimeout(timeoutMillis);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
