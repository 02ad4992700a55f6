package cn.fjquality.tabular;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * The services' CSV writer, for Excel and WPS: UTF-8 with a byte-order mark (so Chinese shows), a header row, RFC 4180
 * quoting and CRLF line ends (Commons CSV). Cells are typed by their Java value, as {@link Xlsx} types them: a text cell
 * (a String, or a collection joined with {@value #LIST_SEPARATOR}) is made safe by {@link FormulaSafe}; numbers (negative
 * ones included, {@link BigDecimal} in plain notation, never 1E+3), dates, timestamps, booleans, UUIDs and enum constants
 * are written as they are; null is an empty cell. The cell's type decides, not its content.
 */
public final class Csv {
    public static final String MEDIA_TYPE = "text/csv";
    /** Several values (units, say) in one cell. */
    public static final String LIST_SEPARATOR = ";";
    private static final char BOM = '\uFEFF';

    private Csv() {
    }

    /** Writes the table to {@code out} (streaming: the rows are read once, as they are printed) and closes it. */
    public static void write(OutputStream out, List<String> header, Iterable<? extends List<?>> rows) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(BOM); // before the header row, which the printer writes when it is created
        try (CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<?> row : rows) {
                printer.printRecord(row.stream().map(Csv::cell).toList());
            }
        }
    }

    /** The table as bytes, for exports small enough to build in memory. */
    public static byte[] bytes(List<String> header, Iterable<? extends List<?>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, header, rows);
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
            return FormulaSafe.text(String.join(LIST_SEPARATOR, c.stream().map(String::valueOf).toList()));
        }
        if (v instanceof CharSequence s) {
            return FormulaSafe.text(s.toString());
        }
        return v.toString();
    }
}
