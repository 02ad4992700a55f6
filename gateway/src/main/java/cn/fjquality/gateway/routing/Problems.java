package cn.fjquality.gateway.routing;

import cn.fjquality.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** The gateway's own answers, as application/problem+json with a stable code. */
public final class Problems {
    private Problems() {
    }

    public static void write(RoutingContext ctx, int status, String code, String detail) {
        write(ctx, status, code, detail, Map.of());
    }

    public static void write(RoutingContext ctx, int status, String code, String detail, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten() || response.ended()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        boolean close = false;
        if (!request.isEnded()) {
            if (status == 413) {
                // Don't forward a body we refused: answer, then close the connection once the client has stopped
                // sending (bounded), so the answer is not lost to a reset.
                response.putHeader(HttpHeaders.CONNECTION, "close");
                close = true;
            } else {
                // Drain (and drop) what is left of a body we never forwarded, so the connection can be reused.
                request.resume();
            }
        }
        headers.forEach(response::putHeader);
        boolean closeAfter = close;
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(status, code, detail, instance(ctx)))
                .onComplete(done -> {
                    if (closeAfter) {
                        LingeringClose.afterAnswer(ctx.vertx(), request);
                    }
                });
    }

    public static String json(int status, String code, String detail, String instance) {
        return Json.encode(Problem.of(status, code, detail, instance));
    }

    static String instance(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path == null || path.length() > 256 ? null : path;
    }
}
