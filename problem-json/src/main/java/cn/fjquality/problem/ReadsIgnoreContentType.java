package cn.fjquality.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A GET or HEAD has no use for a body (RFC 9110 9.3.1: content in a GET has no generally defined semantics), so its
 * {@code Content-Type} is dropped before the request is matched to a resource method. Without this, RESTEasy Reactive
 * parses the header while matching and answered a GET whose Content-Type was not a media type ({@code ///}) with 415,
 * although it reads no body and no GET operation declares 415 (found by the fuzz suite's contract check:
 * {@code GET /api/v1/progress} with a body and {@code Content-Type: ///}). Writes keep the check: their Content-Type
 * says how to read their body.
 */
public class ReadsIgnoreContentType {
    @ServerRequestFilter(preMatching = true)
    public void dropContentTypeOfReads(ContainerRequestContext request) {
        String method = request.getMethod();
        if (("GET".equals(method) || "HEAD".equals(method)) && request.getHeaders().containsKey(HttpHeaders.CONTENT_TYPE)) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }
}
