package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a JSON import, {@code {"measurements": [...]}}, read element by element with Jackson's streaming parser
 * as the body streams in. A body that cannot be read on throws {@link FatalImport}; an element that can be read but not
 * used comes as a rejected {@link SubmissionRow}.
 */
final class JsonRows implements Iterator<SubmissionRow> {
    private static final Set<String> TEXT_FIELDS = Set.of("target", "unit", "place", "period", "comment");

    private final JsonParser parser;
    private int index;
    /** The token after the last element read, once looked at; null before. */
    private JsonToken next;

    /** Reads up to the first element; a body that does not start as it must is a 400 problem (nothing was stored). */
    JsonRows(JsonFactory json, InputStream body) {
        try {
            parser = json.createParser(body);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("MALFORMED_JSON", "The body must be an object {\"measurements\": [...]}");
            }
            if (parser.nextToken() != JsonToken.FIELD_NAME) {
                throw ApiException.badRequest("MISSING_FIELD", "The body lacks the array 'measurements'");
            }
            String name = parser.currentName();
            if (!"measurements".equals(name)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "Unknown field '" + Numbers.abbreviate(name) + "'");
            }
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.badRequest("WRONG_TYPE", "'measurements' must be an array");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(isEncoding(e) ? "INVALID_ENCODING" : "MALFORMED_JSON",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("UNREADABLE_BODY", "The request body cannot be read");
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = parser.nextToken();
                if (next == JsonToken.END_ARRAY) {
                    JsonToken after = parser.nextToken();
                    if (after != JsonToken.END_OBJECT) {
                        throw new FatalImport("UNKNOWN_FIELD", "Nothing may follow the 'measurements' array");
                    }
                } else if (next == null) {
                    throw new FatalImport("MALFORMED_JSON", "The body ends inside the 'measurements' array");
                }
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        return next != JsonToken.END_ARRAY;
    }

    @Override
    public SubmissionRow next() {
        hasNext();
        next = null;
        JsonNode node;
        try {
            // numbers as written: Numbers reads them exactly
            node = JsonNumbers.read(parser);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return row(++index, node);
    }

    static SubmissionRow row(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return SubmissionRow.rejected(index, Rejection.of(null, "WRONG_TYPE", "Each measurement must be a JSON object"));
        }
        Map<String, String> text = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!ImportColumns.ALL.contains(name)) {
                return SubmissionRow.rejected(index, Rejection.of(name, "UNKNOWN_FIELD", "Unknown field '" + Numbers.abbreviate(name) + "'"));
            }
            if (TEXT_FIELDS.contains(name)) {
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    continue;
                }
                // A period (202507) or a division code (350102) may come as a JSON number.
                if (!v.isTextual() && !(v.isIntegralNumber() && (name.equals("period") || name.equals("place")))) {
                    return SubmissionRow.rejected(index, Rejection.of(name, "WRONG_TYPE", name + " must be a string"));
                }
                text.put(name, v.asText());
            }
        }
        try {
            BigDecimal value = Numbers.parse("value", node.get("value"));
            BigDecimal numerator = Numbers.parse("numerator", node.get("numerator"));
            BigDecimal denominator = Numbers.parse("denominator", node.get("denominator"));
            return new SubmissionRow(index, text.get("target"), text.get("unit"), text.get("place"), text.get("period"), value,
                    numerator, denominator, text.get("comment"), null);
        } catch (Numbers.BadNumber e) {
            return SubmissionRow.rejected(index, e.rejection);
        }
    }

    private static FatalImport unreadable(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return new FatalImport(isEncoding(j) ? "INVALID_ENCODING" : "MALFORMED_JSON",
                    "The JSON cannot be read on from here: " + j.getOriginalMessage());
        }
        return new FatalImport("UNREADABLE_BODY", "The request body cannot be read on from here");
    }

    private static boolean isEncoding(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return m.contains("UTF-8") || m.contains("UTF8");
    }
}
