package cn.fjquality.gateway.routing;

import cn.fjquality.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/** One pooled, keep-alive Vert.x HttpClient per service, with the configured timeouts. */
@ApplicationScoped
public class UpstreamClients {
    private final GatewayConfig config;
    private final Map<Upstream, HttpClient> clients = new EnumMap<>(Upstream.class);

    public UpstreamClients(Vertx vertx, GatewayConfig config) {
        this.config = config;
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
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(timeoutMillis);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
