package cn.fjquality.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns every exception that reaches the REST layer into problem+json; never a stack trace. */
public class ProblemExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e, UriInfo uri) {
        return respond(Problem.of(e.status(), e.code(), e.getMessage(), path(uri), e.errors()));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return respond(Problem.of(400, "UNKNOWN_FIELD",
                "Unknown field '" + e.getPropertyName() + "'", path(uri),
                List.of(Problem.FieldError.of(fieldPath(e), "UNKNOWN_FIELD", "not a field of this request"))));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e, UriInfo uri) {
        return wrongTypeProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return wrongTypeProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        // Thrown by record constructors / creators on bad values, e.g. an enum name that doesn't exist.
        return wrongTypeProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "MALFORMED_JSON",
                "The request body is not valid JSON: " + e.getOriginalMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> Problem.FieldError.of(leafPath(v.getPropertyPath().toString()), "INVALID_VALUE", v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        String detail = errors.stream().map(fe -> fe.field() + ": " + fe.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "VALIDATION_FAILED", detail, path(uri), errors));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "FORBIDDEN", "Your role does not allow this operation", path(uri)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // The JSON reader wraps parse errors (bad syntax, bad UTF-8, oversized numbers) in a plain 400.
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof JsonMappingException jme) {
                return wrongTypeProblem(jme, uri);
            }
            if (c instanceof JsonProcessingException jpe) {
                return malformedJson(jpe, uri);
            }
            if (c instanceof java.nio.charset.CharacterCodingException) {
                return respond(Problem.of(400, "MALFORMED_JSON", "The request body is not valid UTF-8", path(uri)));
            }
        }
        if (status == 404 && e.getCause() != null) {
            // JAX-RS reports a query/path parameter that does not convert (page=two) as 404; it is a bad request.
            return respond(Problem.of(400, "INVALID_QUERY_PARAMETER",
                    "A query parameter has a value of the wrong type", path(uri)));
        }
        if (status >= 500) {
            return internal(e, uri);
        }
        return respond(Problem.of(status, codeForStatus(status), detailForStatus(status, e), path(uri)));
    }

    @ServerExceptionMapper
    public Response any(Throwable e, UriInfo uri) {
        if (isClientGone(e)) {
            // The client closed its connection while its request was read: no one reads an answer, nothing failed here
            // (a transaction it started is rolled back by the same exception). 499 as nginx logs it, for the metrics.
            LOG.debugf("client closed the connection on %s: %s", path(uri), e);
            return respond(Problem.of(499, "CLIENT_CLOSED_REQUEST", "The client closed the connection", path(uri)));
        }
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable on %s: %s", path(uri), e.getMessage());
            return Response.status(503)
                    .type(Problem.MEDIA_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .entity(Problem.of(503, "DATABASE_UNAVAILABLE",
                            "The database is not reachable right now; retry shortly", path(uri)))
                    .build();
        }
        if (isUnstorableText(e)) {
            // PostgreSQL cannot hold a NUL character (or bytes not in UTF-8) in text: the client's input, not our fault
            return respond(Problem.of(400, "INVALID_TEXT",
                    "A text value contains a NUL character or bytes that cannot be stored", path(uri)));
        }
        return internal(e, uri);
    }

    /** The client's connection closed under the request (Vert.x's HttpClosedException in the cause chain). */
    static boolean isClientGone(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof io.vertx.core.http.HttpClosedException);
    }

    /** SQL state 22021 (character_not_in_repertoire, e.g. 0x00) or 22P05 (untranslatable_character). */
    static boolean isUnstorableText(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState())));
    }

    /**
     * The exception, its causes, and the exceptions each of them suppressed (and theirs). A COMMIT that PostgreSQL's
     * shutdown cut off arrives as a RollbackException whose connection error (57P01, "terminating connection due to
     * administrator command") is only a suppressed exception: its outcome is open, so it must answer 503 like any
     * other lost connection, not 500 (found by deploy/checks/faults.sh, postgres scenario).
     */
    static java.util.List<Throwable> causesAndSuppressed(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && all.size() < 100) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return all;
    }

    /** The exception and its causes, outermost first. */
    private static java.util.stream.Stream<Throwable> causes(Throwable e) {
        return java.util.stream.Stream.iterate(e, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    private Response internal(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unhandled error %s on %s", errorId, path(uri));
        return respond(Problem.of(500, "INTERNAL_ERROR",
                "An unexpected error occurred (error id " + errorId + ")", path(uri)));
    }

    private Response unauthenticated(UriInfo uri) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(401, "UNAUTHENTICATED", "A valid credential is required", path(uri)))
                .build();
    }

    private Response wrongTypeProblem(JsonMappingException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
            // Databind wraps a parser failure (bad UTF-8, bad syntax inside a value) with the field path.
            return malformedJson(syntax, uri);
        }
        String field = fieldPath(e);
        String message = describe(e);
        return respond(Problem.of(400, "WRONG_TYPE",
                field.isEmpty() ? "The request body does not have the expected shape" : "Field '" + field + "' has the wrong type or value",
                path(uri), List.of(Problem.FieldError.of(field, "WRONG_TYPE", message))));
    }

    /** A message in the client's terms: what was expected, never a Java type or exception name. */
    static String describe(JsonMappingException e) {
        if (e instanceof InvalidFormatException ife) {
            String value = String.valueOf(ife.getValue());
            if (value.length() > 40) {
                value = value.substring(0, 40) + "…";
            }
            return "'" + value + "' is not " + expected(ife.getTargetType());
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return "expected " + expected(mie.getTargetType());
        }
        return "invalid value";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class || type == Character.class) {
            return "a string";
        }
        if (type == java.time.LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a timestamp (ISO 8601)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** A connection-class SQL state (08xxx) or a pool that cannot hand out a connection. */
    static boolean isDatabaseUnavailable(Throwable e) {
        return causesAndSuppressed(e).stream().anyMatch(t -> {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")))
                        || String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout");
            }
            return false;
        });
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static String codeForStatus(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> "RATE_LIMITED";
            default -> "HTTP_" + status;
        };
    }

    private static String detailForStatus(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "None of the accepted media types can be produced";
            case 413 -> "The request body is too large";
            case 415 -> "This media type is not accepted here";
            default -> firstLine(String.valueOf(e.getMessage()));
        };
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String leafPath(String propertyPath) {
        // "create.request.code" -> "code": the method and parameter names mean nothing to a client.
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : parts[parts.length - 1];
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // Jackson messages name Java classes; clients should not see them.
        return line.replaceAll("`[a-zA-Z_$][\\w$.]*`", "value").replaceAll("\\(class [\\w$.]+\\)", "");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
