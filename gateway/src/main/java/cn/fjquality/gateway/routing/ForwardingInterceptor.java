package cn.fjquality.gateway.routing;

import cn.fjquality.gateway.security.Credentials;
import cn.fjquality.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeoutException;

/**
 * Rewrites one proxied request (caller token instead of the API key, request id, normalized path) and
 * turns a failure to get an answer from the service into 502 UPSTREAM_UNAVAILABLE or 504
 * UPSTREAM_TIMEOUT problems. A chunked body cut off at the route's limit is answered 413, and the connection is closed
 * by {@link LingeringClose} once the client stops sending.
 */
final class ForwardingInterceptor implements ProxyInterceptor {
    private static final Logger LOG = Logger.getLogger(ForwardingInterceptor.class);

    private final Vertx vertx;
    private final GatewayRoute route;
    private final String uri;
    private final String callerToken;
    private final String requestId;
    private final long bodyLimit;
    private LimitedReadStream limited;
    private HttpServerRequest incoming;

    ForwardingInterceptor(Vertx vertx, GatewayRoute route, String uri, String callerToken, String requestId, long bodyLimit) {
        this.vertx = vertx;
        this.route = route;
        this.uri = uri;
        this.callerToken = callerToken;
        this.requestId = requestId;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        request.setURI(uri);
        MultiMap headers = request.headers();
        headers.remove(HttpHeaders.AUTHORIZATION);
        headers.remove(Credentials.API_KEY_HEADER);
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + callerToken);
        headers.set(GatewayRouter.REQUEST_ID, requestId);
        Body body = request.getBody();
        if (body != null && body.length() < 0) {
            // No Content-Length (chunked): count the bytes as they stream through.
            limited = new LimitedReadStream(body.stream(), bodyLimit);
            incoming = request.proxiedRequest();
            request.setBody(Body.body(limited, -1));
        }
        return context.sendRequest().recover(failure -> Future.succeededFuture(problem(request, failure)));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        Future<Void> sent = context.sendResponse();
        if (limited != null && limited.exceeded()) {
            HttpServerRequest refused = incoming;
            sent.onComplete(done -> LingeringClose.afterAnswer(vertx, refused));
        }
        return sent;
    }

    private ProxyResponse problem(ProxyRequest request, Throwable failure) {
        int status;
        String code;
        String detail;
        String service = route.upstream().id() + "-service";
        if (limited != null && limited.exceeded()) {
            status = 413;
            code = "PAYLOAD_TOO_LARGE";
            detail = "The request body is larger than this route allows (" + bodyLimit + " bytes)";
        } else if (isTimeout(failure)) {
            status = 504;
            code = "UPSTREAM_TIMEOUT";
            detail = service + " did not answer in time";
        } else {
            status = 502;
            code = "UPSTREAM_UNAVAILABLE";
            detail = service + " is not reachable right now";
        }
        // A client that left is no fault of the service's: the gateway resets the request to it, and no one reads the answer.
        boolean clientGone = request.proxiedRequest().response().closed();
        LOG.logf(clientGone ? Logger.Level.DEBUG : Logger.Level.WARN, "requestId=%s route=%s upstream=%s failed: %s -> %s",
                requestId, route.template(), service, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                clientGone ? "client gone" : Integer.toString(status));
        ProxyResponse response = request.release().response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(Buffer.buffer(Problems.json(status, code, detail, uri.replaceFirst("\\?.*$", "")))));
        if (status == 413) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        return response;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
