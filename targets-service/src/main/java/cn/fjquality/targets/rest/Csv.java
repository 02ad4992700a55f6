package cn.fjquality.targets.rest;

import jakarta.ws.rs.core.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Chinese shows), a header row, RFC 4180 quoting (commons-csv). Cells are
 * typed: a text cell (a String, or a list joined with ';') that starts with {@code = + - @}, a tab or a carriage return
 * gets a leading single quote, so Excel and WPS show it as text and never run it as a formula (the OWASP rule against
 * CSV injection); numbers (negative ones included), dates, timestamps, booleans and enum constants are written as they
 * are. The cell's type decides, not its content.
 */
public final class Csv {
    public static final String MEDIA_TYPE = "text/csv";
    private static final char BOM = '\uFEFF';
    /** Several units in one cell. */
    static final String LIST_SEPARATOR = ";";

    private Csv() {
    }

    public static byte[] write(List<String> header, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(BOM); // before the header row, which the printer writes when it is created
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(Csv::cell).toList());
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Collection<?> c) {
            return text(String.join(LIST_SEPARATOR, c.stream().map(String::valueOf).toList()));
        }
        if (v instanceof CharSequence s) {
            return text(s.toString());
        }
        return v.toString();
    }

    /** A text cell that Excel and WPS show as text: a leading ' when it would start a formula. */
    static String text(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return switch (s.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + s;
            default -> s;
        };
    }

    public static Response response(byte[] body, String filename) {
        return Response.ok(body)
                .type(MEDIA_TYPE + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }
}
