package cn.fjquality.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers what never reaches a REST resource with problem+json too: unknown paths, and
 * failures raised by the HTTP layer itself (body too large, malformed request line).
 */
@ApplicationScoped
public class UnmatchedRouteProblems {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        router.route().last().handler(ctx -> write(ctx, 404, "NOT_FOUND", "No such resource"));
    }

    private void onFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400 || status >= 500 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        String detail = status == 413 ? "The request body is too large" : "The request cannot be processed";
        write(ctx, status, ProblemExceptionMappers.codeForStatus(status), detail);
    }

    private static void write(RoutingContext ctx, int status, String code, String detail) {
        if (ctx.response().headWritten()) {
            return;
        }
        Problem problem = Problem.of(status, code, detail, ctx.normalizedPath());
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
