package cn.fjquality.gateway.security;

import io.vertx.core.MultiMap;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the API key from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Anything
 * that does not look exactly like a key (see docs/conventions.md) is rejected here, without asking
 * units-service and without ever echoing or logging what was sent.
 */
public final class Credentials {
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final Pattern KEY_FORMAT = Pattern.compile("fjq_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer +(\\S+)");
    private static final int MAX_HEADER = 512;

    private Credentials() {
    }

    public sealed interface Result permits Missing, Malformed, Presented {
    }

    public record Missing() implements Result {
    }

    public record Malformed(String why) implements Result {
    }

    /** A well-formed key; {@link #toString()} never shows it. */
    public record Presented(String apiKey) implements Result {
        @Override
        public String toString() {
            return "Presented[apiKey=<hidden>]";
        }
    }

    public static Result extract(MultiMap headers) {
        List<String> authorization = headers.getAll("Authorization");
        List<String> apiKeyHeader = headers.getAll(API_KEY_HEADER);
        if (authorization.isEmpty() && apiKeyHeader.isEmpty()) {
            return new Missing();
        }
        if (authorization.size() > 1 || apiKeyHeader.size() > 1) {
            return new Malformed("more than one credential header");
        }
        String fromAuthorization = null;
        if (!authorization.isEmpty()) {
            String value = authorization.get(0).trim();
            if (value.length() > MAX_HEADER) {
                return new Malformed("Authorization header too long");
            }
            Matcher m = BEARER.matcher(value);
            if (!m.matches()) {
                return new Malformed("Authorization must be 'Bearer <API key>'");
            }
            fromAuthorization = m.group(1);
        }
        String fromHeader = null;
        if (!apiKeyHeader.isEmpty()) {
            fromHeader = apiKeyHeader.get(0).trim();
            if (fromHeader.length() > MAX_HEADER) {
                return new Malformed("X-API-Key header too long");
            }
        }
        if (fromAuthorization != null && fromHeader != null && !fromAuthorization.equals(fromHeader)) {
            return new Malformed("Authorization and X-API-Key disagree");
        }
        String key = fromAuthorization != null ? fromAuthorization : fromHeader;
        if (!KEY_FORMAT.matcher(key).matches()) {
            return new Malformed("not an API key");
        }
        return new Presented(key);
    }
}
