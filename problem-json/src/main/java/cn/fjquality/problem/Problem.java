package cn.fjquality.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code code} is the stable, machine-readable error code that
 * clients switch on; {@code detail} is for people and may change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field (or CSV/JSON row, when {@code row} is set). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer row, String field, String code, String message) {
        public static FieldError of(String field, String code, String message) {
            return new FieldError(null, field, code, message);
        }
    }

    public static Problem of(int status, String code, String detail, String instance) {
        return of(status, code, detail, instance, null);
    }

    public static Problem of(int status, String code, String detail, String instance, List<FieldError> errors) {
        return new Problem(typeUri(code), HttpTitles.titleOf(status), status, detail, instance, code, errors);
    }

    static String typeUri(String code) {
        return "urn:fjq:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
