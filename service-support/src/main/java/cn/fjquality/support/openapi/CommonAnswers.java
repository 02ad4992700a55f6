package cn.fjquality.support.openapi;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers any public operation can give, whatever it does: 401 (no or a bad key), 406 (an Accept it cannot
 * satisfy), 429 (the gateway's rate limits) and 503 (PostgreSQL unreachable). They used to be four class annotations
 * on every resource of every service; {@link OpenApiContract} adds them to each operation instead. A service whose
 * answer says more sets the description in its application.properties ({@value #NOT_ACCEPTABLE_KEY},
 * {@value #UNAVAILABLE_KEY}); the defaults are the texts units-service and targets-service use.
 */
public record CommonAnswers(String notAcceptable, String unavailable) {
    static final String NOT_ACCEPTABLE_KEY = "fjq.openapi.not-acceptable";
    static final String UNAVAILABLE_KEY = "fjq.openapi.database-unavailable";

    static final String UNAUTHENTICATED = "未认证 / Not authenticated: `UNAUTHENTICATED` (no API key; called directly, no valid "
            + "caller token from the gateway), `INVALID_API_KEY` (at the gateway: a malformed, unknown or revoked key, or one "
            + "whose unit is no longer active)";
    static final String NOT_ACCEPTABLE = "无法提供所需格式 / Not acceptable: `NOT_ACCEPTABLE` (the Accept header admits no "
            + "media type of the answer)";
    static final String RATE_LIMITED = "请求过多 / Too many requests, at the gateway: `RATE_LIMITED` (over the key's rate limit), "
            + "`TOO_MANY_FAILED_AUTHENTICATIONS` (too many failed authentications from this client address); retry after "
            + "Retry-After seconds";
    static final String DATABASE_UNAVAILABLE = "暂不可用 / Unavailable: `DATABASE_UNAVAILABLE` (PostgreSQL unreachable; retry "
            + "after Retry-After seconds)";
    static final String RETRY_AFTER = "Seconds to wait before retrying";
    static final String WWW_AUTHENTICATE = "Bearer";

    /** The texts this service configured, else the defaults. */
    static CommonAnswers fromConfig() {
        Config config = ConfigProvider.getConfig();
        return new CommonAnswers(config.getOptionalValue(NOT_ACCEPTABLE_KEY, String.class).orElse(NOT_ACCEPTABLE),
                config.getOptionalValue(UNAVAILABLE_KEY, String.class).orElse(DATABASE_UNAVAILABLE));
    }

    /** New response objects by status, for one operation (the filter completes each with its problem content). */
    Map<String, APIResponse> answers() {
        Map<String, APIResponse> answers = new LinkedHashMap<>();
        answers.put("401", answer(UNAUTHENTICATED, "WWW-Authenticate", WWW_AUTHENTICATE, Schema.SchemaType.STRING));
        answers.put("406", OASFactory.createAPIResponse().description(notAcceptable));
        answers.put("429", answer(RATE_LIMITED, "Retry-After", RETRY_AFTER, Schema.SchemaType.INTEGER));
        answers.put("503", answer(unavailable, "Retry-After", RETRY_AFTER, Schema.SchemaType.INTEGER));
        return answers;
    }

    private static APIResponse answer(String description, String header, String headerDescription, Schema.SchemaType type) {
        Header h = OASFactory.createHeader().description(headerDescription).schema(OASFactory.createSchema().addType(type));
        return OASFactory.createAPIResponse().description(description).addHeader(header, h);
    }
}
