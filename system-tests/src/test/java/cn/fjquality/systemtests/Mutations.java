package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Ways to break a valid request: JSON and CSV bodies, path and query values, content types. */
final class Mutations {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Text that must be stored and returned verbatim when the request is accepted. */
    static final List<String> FRAGMENTS = List.of(
            "'; DROP TABLE measurement; --",
            "\" OR 1=1 --",
            "1'); DELETE FROM unit; --",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "${jndi:ldap://x/a}",
            "{{7*7}}",
            "%s%n%x");

    /** Raw JSON number tokens Jackson's tree cannot hold: substituted into the text after serializing. */
    static final List<String> RAW_NUMBERS = List.of(
            "1e400", "-1e400", "1180591620717411303424", "-1180591620717411303424", "NaN", "Infinity", "-Infinity",
            "-0", "-0.0", "1e-400", "0.1e999999999", "00012", "1.", ".5", "+1", "0x10",
            "99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999");

    static final List<String> BAD_PATH_VALUES = List.of(
            "", "%00", "..%2F..%2Finternal", "%2e%2e", "-1", "0", "99999999999999999999999", "%FF%FE", "%C3%28", "%E7%A6%8F%E5%B7%9E",
            "'%3B%20DROP%20TABLE%20measurement%3B%20--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "null", "undefined",
            "a".repeat(300), "FJ-FUZHOU%0D%0AX-Injected:%201", "%20", "fjq_", "00000000-0000-0000-0000-000000000000", "not-a-uuid",
            "NaN", "1e400", "FJ-NOWHERE", "OL25-NOPE", "%25");

    static final List<String> BAD_QUERY_VALUES = List.of(
            "", "-1", "-2147483649", "2147483648", "9223372036854775808", "99999999999999999999999999", "1e400", "NaN", "Infinity",
            "0", "1000000", "2025Q5", "2025Q0", "2025S3", "202513", "20250", "2025W01", "9999", "0000", "1899", "99999Q1", "2025-13-01",
            "2025-02-30", "yesterday", "%00", "%FF%FE", "%C3%28", "%27%3B%20DROP%20TABLE%20measurement%3B%20--", "%3Cscript%3E",
            "FJ-NOWHERE", "OL25-NOPE", "PROVINCE%00", "true%00", "maybe", "a".repeat(5000), "%E7%A6%8F%E5%B7%9E", "%0D%0A", "+", "%2B1",
            "1,2", "%5B%5D", "%7B%7D", "null");

    /**
     * The limits of integer parameters: in range but extreme (an offset page × size past Integer.MAX_VALUE), just out of
     * int and long, signed, zero, and shapes that are numbers elsewhere (exponent, fraction, leading zeros, plus sign).
     */
    static final List<String> BOUNDARY_INTEGERS = List.of(
            "0", "1", "-1", "2147483647", "-2147483648", "2147483648", "-2147483649", "4294967295", "4294967296",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999999999", "500", "501", "1000000", "1e3", "1.5", "-0", "007", "%2B5", "0x10");

    static final List<String> CONTENT_TYPES = List.of(
            "", "text/plain", "application/xml", "application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
            "///", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=", "text/csv",
            "application/csv", "application/merge-patch+json", "application/problem+json", "*/*", "application/json;;;", "ü/ü",
            "application/octet-stream", "text/csv; charset=GBK", "application/json, text/csv");

    private Mutations() {
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** A mutated JSON body as bytes; {@code fragments} collects text injected into string fields. */
    static byte[] mutateJson(Random r, JsonNode valid, ObjectMapper mapper, List<String> fragments) throws Exception {
        JsonNode tree = valid.deepCopy();
        int kind = r.nextInt(100);
        if (kind < 6) {
            return randomBytes(r);
        }
        if (kind < 10) {
            return deepNesting(r);
        }
        if (kind < 14) {
            return pick(r, List.of("", "{", "}", "[", "null", "true", "0", "\"x\"", "[]", "[{}]", "{}", "{\"a\":}", "{,}", "{\"a\" 1}",
                    "\uFEFF{}", "{'a':1}", "{\"a\":1}{\"b\":2}", "/* */{}", "{\"a\":1,}")).getBytes(StandardCharsets.UTF_8);
        }
        int steps = 1 + r.nextInt(3);
        String raw = null;
        byte[] invalidUtf8 = null;
        for (int i = 0; i < steps; i++) {
            List<ObjectNode> objects = objects(tree);
            ObjectNode target = objects.isEmpty() ? null : pick(r, objects);
            int m = r.nextInt(10);
            if (target == null || target.isEmpty()) {
                if (target != null) {
                    target.set("unexpected", randomValue(r));
                }
                continue;
            }
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            String field = pick(r, names);
            switch (m) {
                case 0 -> target.remove(field);
                case 1 -> {
                    JsonNode v = target.remove(field);
                    target.set(r.nextBoolean() ? field.toUpperCase() : field + "_x", v);
                }
                case 2 -> target.set(field, randomValue(r));
                case 3 -> {
                    target.put(field, "__RAW__");
                    raw = pick(r, RAW_NUMBERS);
                }
                case 4 -> {
                    String f = pick(r, FRAGMENTS);
                    String v = r.nextBoolean() ? f : target.path(field).asText("") + f;
                    target.put(field, v);
                    fragments.add(field + "\t" + v);
                }
                case 5 -> target.put(field, controlChars(r));
                case 6 -> {
                    target.put(field, "__BADUTF8__");
                    invalidUtf8 = pick(r, List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3, (byte) 0x28},
                            new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                            new byte[]{(byte) 0xE7, (byte) 0xA6}, new byte[]{(byte) 0xC0, (byte) 0x80}));
                }
                case 7 -> target.put(field, "x".repeat(1000 * (1 + r.nextInt(70))));
                case 8 -> target.set("unexpected" + r.nextInt(3), randomValue(r));
                default -> target.set(field, r.nextBoolean() ? F.arrayNode().add(target.get(field)) : F.objectNode().set(field, target.get(field)));
            }
        }
        String text = mapper.writeValueAsString(tree);
        if (raw != null) {
            text = text.replace("\"__RAW__\"", raw);
        }
        if (r.nextInt(10) == 0) {
            // duplicate key: Jackson's tree cannot hold one, so write it into the text
            int brace = text.indexOf('{');
            if (brace >= 0) {
                text = text.substring(0, brace + 1) + "\"unit\":\"FJ-XIAMEN\",\"unit\":1," + text.substring(brace + 1).replaceFirst("^}", "\"z\":0}");
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (invalidUtf8 != null) {
            bytes = replace(bytes, "__BADUTF8__".getBytes(StandardCharsets.US_ASCII), invalidUtf8);
        }
        return bytes;
    }

    static String controlChars(Random r) {
        StringBuilder b = new StringBuilder("a");
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            b.append((char) pick(r, List.of(0, 1, 7, 8, 9, 10, 13, 27, 0x7f, 0x85, 0x2028, 0x202e, 0xfeff, 0xfffe, 0xd800)).intValue());
        }
        return b.append('z').toString();
    }

    static JsonNode randomValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextLong());
            case 3 -> F.numberNode(r.nextDouble() * 1e6 - 5e5);
            case 4 -> F.textNode("");
            case 5 -> F.textNode(pick(r, FRAGMENTS));
            case 6 -> F.arrayNode().add(1).add("a");
            case 7 -> F.objectNode().put("a", 1);
            case 8 -> F.numberNode(new java.math.BigInteger("1180591620717411303424"));
            case 9 -> F.numberNode(new java.math.BigDecimal("1E+400"));
            case 10 -> F.textNode(controlChars(r));
            default -> F.numberNode(Integer.MIN_VALUE);
        };
    }

    static byte[] deepNesting(Random r) {
        int depth = 10_000;
        StringBuilder b = new StringBuilder();
        boolean arrays = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "[" : "{\"a\":");
        }
        b.append("1");
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "]" : "}");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(2000)];
        r.nextBytes(b);
        return b;
    }

    /** A mutated CSV body for the import endpoint. */
    static byte[] mutateCsv(Random r, List<String> header, List<List<String>> rows, List<String> fragments) {
        List<String> h = new ArrayList<>(header);
        List<List<String>> data = new ArrayList<>();
        for (List<String> row : rows) {
            data.add(new ArrayList<>(row));
        }
        String eol = "\n";
        String bom = "";
        byte[] tail = new byte[0];
        int steps = 1 + r.nextInt(3);
        for (int i = 0; i < steps; i++) {
            List<String> row = data.isEmpty() ? h : pick(r, data);
            if (row.isEmpty()) {
                row.add(""); // an earlier step removed its last field; every step below needs one
            }
            switch (r.nextInt(13)) {
                case 0 -> row.set(r.nextInt(row.size()), "\"unterminated" + (r.nextBoolean() ? "" : ",x"));
                case 1 -> row.add("extra");
                case 2 -> row.remove(row.size() - 1);
                case 3 -> bom = pick(r, List.of("\uFEFF", "\uFEFF\uFEFF", "\uFFFE"));
                case 4 -> eol = pick(r, List.of("\r\n", "\r", "\n\r", "\u2028"));
                case 5 -> tail = new byte[]{(byte) 0xFF, (byte) 0xFE, 0x2C, (byte) 0xC3, 0x28, 0x0A};
                case 6 -> row.set(r.nextInt(row.size()), "y".repeat(100_000 * (1 + r.nextInt(3))));
                case 7 -> {
                    int c = row.size() - 1;
                    String f = pick(r, FRAGMENTS);
                    row.set(c, f.contains(",") || f.contains("\"") ? '"' + f.replace("\"", "\"\"") + '"' : f);
                    fragments.add("comment\t" + f);
                }
                case 8 -> row.set(r.nextInt(row.size()), pick(r, RAW_NUMBERS));
                case 9 -> row.set(r.nextInt(row.size()), controlChars(r).replace("\n", "").replace("\r", ""));
                case 10 -> h.set(r.nextInt(h.size()), pick(r, List.of("", "target", "TARGET", "值", "\"value", "unit ")));
                case 11 -> data.add(new ArrayList<>(List.of(pick(r, List.of("", ",", "\"\"", "a\"b", "\"a\"b\"")))));
                default -> data.clear();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder b = new StringBuilder(bom);
        if (r.nextInt(20) != 0) {
            b.append(String.join(",", h)).append(eol);
        }
        for (List<String> row : data) {
            b.append(String.join(",", row)).append(r.nextInt(5) == 0 ? "\r\n" : eol);
        }
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static List<ObjectNode> objects(JsonNode node) {
        List<ObjectNode> out = new ArrayList<>();
        if (node instanceof ObjectNode o) {
            out.add(o);
            o.elements().forEachRemaining(e -> out.addAll(objects(e)));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(e -> out.addAll(objects(e)));
        }
        return out;
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            if (i + what.length <= in.length && java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                out.writeBytes(with);
                i += what.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }
}
