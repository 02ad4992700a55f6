package cn.fjquality.systemtests;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares answers with the merged OpenAPI: for the operation a request went to, the answer's status must be declared,
 * its media type must be one the status declares, and its body must match that media type's schema, with no field the
 * schema does not name. Atlassian's swagger-request-validator ({@code OpenApiInteractionValidator.validateResponse});
 * "no undeclared field" is its {@code validation.schema.additionalProperties} check at level ERROR, which validates
 * every object schema that does not say otherwise as if it had {@code additionalProperties: false} (so the document
 * itself stays open for additions, as clients that ignore unknown fields expect, while the check holds the services to
 * list every field they send).
 *
 * <p>"No declared field missing": the services write every field of an answer, null included (only the Problem
 * document leaves out what it does not have, and its schema says which fields are required). So an object schema
 * without a {@code required} list is checked as if it listed every property it declares: a field the document
 * promises and an answer leaves out is a mismatch, as it would be a NullPointerException or an {@code Unset} in a
 * generated client. A schema that means some fields to be optional says so with its own {@code required} list, which
 * is kept as written.
 *
 * <p>Thread-safe; counts what it checked and keeps every mismatch (the first 200 in full).
 */
final class ContractCheck {
    private final OpenApiInteractionValidator validator;
    private final AtomicInteger checked = new AtomicInteger();
    private final List<String> mismatches = new ArrayList<>();
    /** Mismatches per operation, status and message key. */
    private final Map<String, Integer> byKind = new TreeMap<>();

    private ContractCheck(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** @param openapi the merged OpenAPI document (JSON, OpenAPI 3.1 as the services write it) */
    static ContractCheck forDocument(String openapi) {
        return forDocument(openapi, true);
    }

    /**
     * @param declaredFieldsPresent whether an object schema without a {@code required} list is read as requiring every
     *                              property it declares (see the class comment); false only to show the difference
     */
    static ContractCheck forDocument(String openapi, boolean declaredFieldsPresent) {
        String validatable;
        try {
            com.fasterxml.jackson.databind.JsonNode doc = as30(OpenApiDocument.MAPPER.readTree(openapi));
            if (declaredFieldsPresent) {
                requireDeclaredFields(doc);
            }
            validatable = OpenApiDocument.MAPPER.writeValueAsString(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LevelResolver levels = LevelResolver.create()
                // an answer's field the schema does not list is a mismatch (the default, made explicit)
                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                .withLevel("validation.response", ValidationReport.Level.ERROR)
                .build();
        return new ContractCheck(OpenApiInteractionValidator.createForInlineApiSpecification(validatable)
                .withLevelResolver(levels)
                .build());
    }

    /**
     * Checks one answer; returns its mismatches (empty when it matches the contract).
     *
     * @param path    the request's path (no query); a path template such as {@code /api/v1/units/{code}} names its
     *                operation directly (the fuzzer's path values may not be valid)
     * @param context what was sent, for the report
     */
    List<String> check(String method, String path, int status, String contentType, byte[] body, String context) {
        checked.incrementAndGet();
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null && !contentType.isEmpty()) {
            response.withContentType(contentType);
        }
        if (body != null && body.length > 0) {
            response.withBody(body);
        }
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        List<String> found = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                found.add(m.getKey() + ": " + m.getMessage() + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()));
                synchronized (this) {
                    byKind.merge(method + " " + path + " " + status + " " + m.getKey(), 1, Integer::sum);
                }
            }
        }
        if (!found.isEmpty()) {
            synchronized (this) {
                if (mismatches.size() < 200) {
                    mismatches.add(method + " " + path + " -> " + status + " [" + contentType + "] " + abbreviate(body) + "\n    "
                            + String.join("\n    ", found) + "\n    sent: " + context);
                } else {
                    mismatches.add(method + " " + path + " -> " + status);
                }
            }
        }
        return found;
    }

    /**
     * The document in the OpenAPI 3.0 form the validator reads. swagger-request-validator 2.44 validates with a JSON
     * Schema draft-4 validator and reads schemas through the 3.0 model: given the 3.1 document as it is, it loses the
     * {@code type} of every schema whose type is a list ({@code ["string", "null"]}) and then takes anything there
     * (ContractCheckTest shows it would). The translation keeps the meaning of what the services write:
     * <ul>
     *   <li>{@code type: [T, "null"]} becomes {@code type: T, nullable: true} (the validator's {@code nullable} keyword);</li>
     *   <li>a {@code {type: "null"}} branch of {@code anyOf}/{@code oneOf} becomes a nullable schema taking null only
     *   ({@code {type: T, nullable: true, enum: [null]}}, 3.0 has no null type) and the schema holding it {@code nullable};</li>
     *   <li>{@code const: v} becomes {@code enum: [v]}; schema {@code examples} (a list in 3.1) are dropped (no meaning
     *   for validation); {@code openapi} says 3.0.3.</li>
     * </ul>
     * Anything else of 3.1 (numeric exclusiveMinimum, prefixItems, ...) is refused, so a new keyword is not silently ignored.
     */
    static com.fasterxml.jackson.databind.JsonNode as30(com.fasterxml.jackson.databind.JsonNode doc) {
        com.fasterxml.jackson.databind.node.ObjectNode out = (com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy();
        out.put("openapi", "3.0.3");
        if (out.path("info").path("license") instanceof com.fasterxml.jackson.databind.node.ObjectNode license) {
            license.remove("identifier");
        }
        translate(out);
        return out;
    }

    private static final java.util.Set<String> UNSUPPORTED = java.util.Set.of("prefixItems", "if", "then", "else", "dependentRequired",
            "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "contentMediaType", "contentEncoding", "$defs", "patternProperties");

    private static void translate(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            array.forEach(ContractCheck::translate);
            return;
        }
        if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return;
        }
        for (String keyword : UNSUPPORTED) {
            if (o.has(keyword) && o.get(keyword).isContainerNode() && !o.has("in")) {
                throw new IllegalArgumentException("OpenAPI 3.1 keyword " + keyword + " has no translation for the validator: " + o);
            }
        }
        if (o.path("exclusiveMinimum").isNumber() || o.path("exclusiveMaximum").isNumber()) {
            throw new IllegalArgumentException("numeric exclusiveMinimum/exclusiveMaximum have no translation: " + o);
        }
        if (o.get("type") instanceof com.fasterxml.jackson.databind.node.ArrayNode types) {
            List<String> named = new ArrayList<>();
            types.forEach(t -> named.add(t.asText()));
            boolean nullable = named.remove("null");
            if (named.size() != 1) {
                throw new IllegalArgumentException("a type list other than [T] or [T, null] has no translation: " + o);
            }
            o.put("type", named.get(0));
            if (nullable) {
                o.put("nullable", true);
            }
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (o.get(combinator) instanceof com.fasterxml.jackson.databind.node.ArrayNode branches) {
                for (int i = 0; i < branches.size(); i++) {
                    com.fasterxml.jackson.databind.JsonNode b = branches.get(i);
                    if (b.size() == 1 && "null".equals(b.path("type").asText())) {
                        // 3.0 has no null type: a nullable schema that takes null only (the parent's type, or string)
                        com.fasterxml.jackson.databind.JsonNode parentType = o.get("type");
                        String type = parentType != null && parentType.isTextual() ? parentType.asText()
                                : parentType instanceof com.fasterxml.jackson.databind.node.ArrayNode list && !list.isEmpty()
                                ? list.get(0).asText() : "string";
                        branches.set(i, branches.objectNode().put("type", "null".equals(type) ? "string" : type).put("nullable", true)
                                .set("enum", branches.arrayNode().addNull()));
                        o.put("nullable", true);
                    }
                }
            }
        }
        if (o.has("const") && !o.has("in")) {
            o.set("enum", o.arrayNode().add(o.remove("const")));
        }
        if (o.get("examples") instanceof com.fasterxml.jackson.databind.node.ArrayNode) {
            o.remove("examples");
        }
        o.forEach(ContractCheck::translate);
    }

    /** Every object schema of the components and of the answers without a {@code required} list gets one naming all its properties. */
    static void requireDeclaredFields(com.fasterxml.jackson.databind.JsonNode doc) {
        doc.path("components").path("schemas").forEach(ContractCheck::requireDeclared);
        doc.path("paths").forEach(item -> item.forEach(operation -> operation.path("responses")
                .forEach(response -> response.path("content").forEach(media -> requireDeclared(media.path("schema"))))));
    }

    private static void requireDeclared(com.fasterxml.jackson.databind.JsonNode schema) {
        if (!(schema instanceof com.fasterxml.jackson.databind.node.ObjectNode o) || o.has("$ref")) {
            return;
        }
        if (o.get("properties") instanceof com.fasterxml.jackson.databind.node.ObjectNode properties) {
            if (!o.has("required") && !properties.isEmpty()) {
                com.fasterxml.jackson.databind.node.ArrayNode required = o.putArray("required");
                properties.fieldNames().forEachRemaining(required::add);
            }
            properties.forEach(ContractCheck::requireDeclared);
        }
        requireDeclared(o.path("items"));
        requireDeclared(o.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            o.path(combinator).forEach(ContractCheck::requireDeclared);
        }
    }

    int checked() {
        return checked.get();
    }

    synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** One line: how many answers were checked, how many differ. */
    synchronized String summary(String who) {
        return String.format("%s: contract check: %d answers checked against the merged OpenAPI, %d mismatches%s", who, checked.get(),
                mismatches.size(), byKind.isEmpty() ? "" : " " + byKind);
    }

    /** Every mismatch (the first 200 in full), grouped counts first. */
    synchronized String report() {
        StringBuilder b = new StringBuilder();
        byKind.forEach((k, n) -> b.append("  ").append(n).append(" x ").append(k).append('\n'));
        mismatches.stream().limit(50).forEach(m -> b.append("  ").append(m).append('\n'));
        return b.toString();
    }

    private static String abbreviate(byte[] body) {
        if (body == null) {
            return "";
        }
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() <= 300 ? s : s.substring(0, 300) + "...(" + s.length() + " chars)";
    }
}
