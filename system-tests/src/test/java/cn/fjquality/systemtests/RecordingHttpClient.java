package cn.fjquality.systemtests;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;
import java.net.URI;

/**
 * A java.net.http client that hands every answer to a listener before the caller reads it: given to the generated
 * client ({@code ApiClient.setHttpClientBuilder}), it lets {@link ContractCheck} see every answer the generated client
 * receives without changing what the client does. Only {@code send} is used by the generated "native" client.
 */
final class RecordingHttpClient extends HttpClient {
    /** What is recorded of one exchange. */
    interface Listener {
        void exchanged(HttpRequest request, int status, HttpHeaders headers, byte[] body);
    }

    private final HttpClient delegate;
    private final Listener listener;

    RecordingHttpClient(HttpClient delegate, Listener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /** A builder whose clients record (ApiClient takes a builder and builds its clients itself). */
    static HttpClient.Builder builder(Listener listener) {
        HttpClient.Builder real = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        return new HttpClient.Builder() {
            public Builder cookieHandler(CookieHandler h) { real.cookieHandler(h); return this; }
            public Builder connectTimeout(Duration d) { real.connectTimeout(d); return this; }
            public Builder sslContext(SSLContext c) { real.sslContext(c); return this; }
            public Builder sslParameters(SSLParameters p) { real.sslParameters(p); return this; }
            public Builder executor(Executor e) { real.executor(e); return this; }
            public Builder followRedirects(Redirect r) { real.followRedirects(r); return this; }
            public Builder version(Version v) { real.version(v); return this; }
            public Builder priority(int p) { real.priority(p); return this; }
            public Builder proxy(ProxySelector p) { real.proxy(p); return this; }
            public Builder authenticator(Authenticator a) { real.authenticator(a); return this; }
            public HttpClient build() { return new RecordingHttpClient(real.build(), listener); }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpResponse<byte[]> raw = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        listener.exchanged(request, raw.statusCode(), raw.headers(), raw.body());
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            public int statusCode() { return raw.statusCode(); }
            public HttpHeaders headers() { return raw.headers(); }
            public HttpClient.Version version() { return raw.version(); }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            public void request(long n) { }
            public void cancel() { }
        });
        if (raw.body().length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
        }
        subscriber.onComplete();
        T body;
        try {
            body = subscriber.getBody().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
        return new HttpResponse<>() {
            public int statusCode() { return raw.statusCode(); }
            public HttpRequest request() { return raw.request(); }
            public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
            public HttpHeaders headers() { return raw.headers(); }
            public T body() { return body; }
            public Optional<SSLSession> sslSession() { return raw.sslSession(); }
            public URI uri() { return raw.uri(); }
            public HttpClient.Version version() { return raw.version(); }
        };
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }
}
