package cn.fjquality.problem;

import java.util.Locale;

/**
 * Strict parsing of query parameters. JAX-RS answers a failed query-parameter conversion with 404;
 * a client that typed a wrong value deserves a 400 that names the parameter.
 */
public final class QueryParams {
    private QueryParams() {
    }

    public static <E extends Enum<E>> E enumValue(String name, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(name, raw, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    public static Boolean booleanValue(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(name, raw, "true or false");
        };
    }

    public static ApiException invalid(String name, String raw, String expected) {
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return new ApiException(400, "INVALID_QUERY_PARAMETER",
                "Query parameter '" + name + "' must be " + expected + ", not '" + shown + "'",
                java.util.List.of(Problem.FieldError.of(name, "INVALID_QUERY_PARAMETER", "must be " + expected)));
    }
}
