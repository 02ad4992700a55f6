package cn.fjquality.reports.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * JSON numbers as they were written. Jackson turns {@code 1e-2000000} into the double 0.0 and
 * {@code 1.00000000000000000001} into 1.0 before anyone can tell; the submitted values must be read exactly
 * ({@link Numbers}), so the trees of submissions and import rows keep each number's text ({@link Literal}).
 */
public final class JsonNumbers {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonNumbers() {
    }

    /**
     * The value at the parser's current token as a tree whose numbers are {@link Literal}s; leaves the parser on the
     * value's last token (as {@code ObjectReader.readTree} does).
     */
    public static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            t = p.nextToken();
        }
        if (t == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return TextNode.valueOf(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Literal(p.getText(), t == JsonToken.VALUE_NUMBER_INT);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return BooleanNode.valueOf(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            case VALUE_EMBEDDED_OBJECT -> {
                return NODES.pojoNode(p.getEmbeddedObject());
            }
            default -> throw com.fasterxml.jackson.databind.exc.MismatchedInputException.from(p, JsonNode.class,
                    "Unexpected token " + t);
        }
    }

    /** For a JsonNode field of a request record: {@code @JsonDeserialize(using = JsonNumbers.Deserializer.class)}. */
    public static final class Deserializer extends StdDeserializer<JsonNode> {
        public Deserializer() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return read(p);
        }

        /** JSON null: NullNode, as Jackson's own JsonNode deserializer gives. */
        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return NullNode.getInstance();
        }
    }

    /**
     * A JSON number token with its text. Serialized as the node Jackson would have made of it (an integer, or a
     * double), so what a request hashes to (Idempotency-Key) does not change.
     */
    public static final class Literal extends ValueNode {
        private final String text;
        private final boolean integral;

        Literal(String text, boolean integral) {
            this.text = text;
            this.integral = integral;
        }

        @Override
        public JsonToken asToken() {
            return integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public JsonNodeType getNodeType() {
            return JsonNodeType.NUMBER;
        }

        @Override
        public boolean isIntegralNumber() {
            return integral;
        }

        @Override
        public boolean isFloatingPointNumber() {
            return !integral;
        }

        /** The number as written. */
        @Override
        public String asText() {
            return text;
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        /** Exact; read values with {@link Numbers}, which refuses what cannot be stored before making a BigDecimal. */
        @Override
        public BigDecimal decimalValue() {
            return new BigDecimal(text);
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            if (integral) {
                g.writeNumber(new BigInteger(text));
            } else {
                g.writeNumber(Double.parseDouble(text));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && l.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
