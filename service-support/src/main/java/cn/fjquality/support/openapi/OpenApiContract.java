package cn.fjquality.support.openapi;

import cn.fjquality.problem.ProblemCodes;
import cn.fjquality.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Completes a service's OpenAPI document where annotations cannot say it once for all; every service registers it as
 * {@code mp.openapi.filter=cn.fjquality.support.openapi.OpenApiContract}:
 * <ul>
 *   <li>declares the {@code Problem} schema (the problem-json module's {@link Problem}, RFC 9457) and
 *   {@code ProblemFieldError};</li>
 *   <li>gives every public operation ({@code /api/v1/...}) the answers any request can get ({@link CommonAnswers}: 401,
 *   406, 429, 503, with their headers) unless the operation declares that status itself;</li>
 *   <li>gives every error answer (4xx, 5xx) of a public operation the media type {@code application/problem+json} with
 *   that schema, and one example per code its description names in backticks ({@code `UNIT_NOT_FOUND`}), built by
 *   {@link Problem#of} as the service builds the answer;</li>
 *   <li>orders each operation's responses by status;</li>
 *   <li>lets a nullable property with an enumeration be null (adds null to the enumeration);</li>
 *   <li>pins the schemas of java.time.Instant, java.time.LocalDate and java.util.UUID.</li>
 * </ul>
 * One class for units-service, targets-service and reports-service, so the schemas they share are identical and the
 * gateway's merger keeps one of each instead of renaming them per service (test-support's {@code OpenApiContractChecks}
 * pins them, run by every service's {@code OpenApiContractTest}). What differs per service is configuration ({@link CommonAnswers}).
 */
public class OpenApiContract implements OASFilter {
    public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;
    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "ProblemFieldError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        CommonAnswers common = CommonAnswers.fromConfig();
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(PROBLEM, problem());
        components.addSchema(FIELD_ERROR, fieldError());
        Map<String, Schema> schemas = components.getSchemas();
        pin(components, schemas, "Instant", string("date-time", "2025-03-31T08:00:00Z"));
        pin(components, schemas, "LocalDate", string("date", "2025-03-31"));
        pin(components, schemas, "UUID", string("uuid", "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d"));
        components.getSchemas().values().forEach(OpenApiContract::nullInNullableEnums);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/") || item.getOperations() == null) {
                return;
            }
            item.getOperations().values().forEach(operation -> {
                if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
                    return;
                }
                Map<String, APIResponse> byStatus = new TreeMap<>(operation.getResponses().getAPIResponses());
                common.answers().forEach(byStatus::putIfAbsent);
                byStatus.forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        response.setContent(problemContent(Integer.parseInt(status), response));
                    }
                });
                operation.getResponses().setAPIResponses(new LinkedHashMap<>(byStatus));
            });
        });
    }

    /** A nullable property with an enumeration (@Schema(nullable = true, enumeration = ...)) also allows null. */
    private static void nullInNullableEnums(Schema schema) {
        if (schema == null) {
            return;
        }
        List<Object> values = schema.getEnumeration();
        if (values != null && schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL) && !values.contains(null)) {
            List<Object> withNull = new ArrayList<>(values);
            withNull.add(null);
            schema.setEnumeration(withNull);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiContract::nullInNullableEnums);
        }
        nullInNullableEnums(schema.getItems());
        for (List<Schema> branch : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (branch != null) {
                branch.forEach(OpenApiContract::nullInNullableEnums);
            }
        }
    }

    private static Content problemContent(int status, APIResponse response) {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        for (String code : ProblemCodes.namedIn(response.getDescription())) {
            Problem p = Problem.of(status, code, null, null);
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", p.type());
            value.put("title", p.title());
            value.put("status", p.status());
            value.put("code", p.code());
            Example example = OASFactory.createExample().summary(code).value(value);
            media.addExample(code, example);
        }
        return OASFactory.createContent().addMediaType(PROBLEM_JSON, media);
    }

    private static Schema problem() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An error (RFC 9457 problem details). `code` is the stable, machine-readable error code clients "
                        + "switch on; `detail` is for people and may change. 错误（RFC 9457）：code 为稳定的错误码，detail 供人阅读。")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", string("uri", "urn:fjq:problem:unit-not-found")
                        .description("urn:fjq:problem: followed by the code in lower case with '-'"))
                .addProperty("title", text("The HTTP status' reason phrase", "Not Found"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status").addExample(404))
                .addProperty("detail", text("What went wrong, for people; may change", "No unit with code FJ-NOWHERE"))
                .addProperty("instance", text("The path of the request", "/api/v1/units/FJ-NOWHERE"))
                .addProperty("code", text("The stable error code (listed per response of every operation)", "UNIT_NOT_FOUND"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("One entry per offending field (or row of a file)")
                        .items(OASFactory.createSchema().ref(FIELD_ERROR)));
    }

    private static Schema fieldError() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One offending field of the request, or a row of an imported file")
                .required(List.of("code"))
                .addProperty("row", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("1-based data row of an imported file"))
                .addProperty("field", text("The field (a JSON path such as baseline.year), query parameter or column", "divisionCode"))
                .addProperty("code", text("Why", "INVALID_VALUE"))
                .addProperty("message", text("For people", "must be six ASCII digits (an administrative-division code such as 350102)"));
    }

    private static void pin(Components components, Map<String, Schema> schemas, String name, Schema schema) {
        if (schemas != null && schemas.containsKey(name)) {
            components.addSchema(name, schema);
        }
    }

    private static Schema string(String format, String example) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).format(format).addExample(example);
    }

    private static Schema text(String description, String example) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description).addExample(example);
    }
}
