package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a CSV import, read record by record (Apache Commons CSV, RFC 4180) as the body streams in: UTF-8 with or
 * without BOM, a header naming the {@link ImportColumns} in any order. A row that cannot be read on throws
 * {@link FatalImport}; a row that can be read but not used comes as a rejected {@link SubmissionRow}.
 */
final class CsvRows implements Iterator<SubmissionRow> {
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> columns;
    private int index;

    /** Reads the header; a body without a usable one is a 400 problem (nothing was stored). */
    CsvRows(InputStream body) {
        try {
            records = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(utf8Reader(body)).iterator();
        } catch (IOException | UncheckedIOException e) {
            throw ApiException.badRequest("MALFORMED_CSV", "The CSV cannot be read: " + e.getMessage());
        }
        CSVRecord header;
        try {
            if (!records.hasNext()) {
                throw ApiException.badRequest("CSV_HEADER_MISSING", "The CSV is empty; the first row must be the header "
                        + String.join(",", ImportColumns.ALL));
            }
            header = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw ApiException.badRequest("MALFORMED_CSV", "The CSV header cannot be read: " + e.getMessage());
        }
        columns = columns(header);
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e);
        }
    }

    @Override
    public SubmissionRow next() {
        CSVRecord record;
        try {
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e);
        }
        return row(++index, record, columns);
    }

    private static Map<String, Integer> columns(CSVRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            if (!ImportColumns.ALL.contains(name)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Unknown CSV column '" + Numbers.abbreviate(name)
                        + "'; the header is " + String.join(",", ImportColumns.ALL) + " (place, numerator, denominator, comment optional)");
            }
            if (columns.put(name, i) != null) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "CSV column '" + name + "' appears twice");
            }
        }
        ImportColumns.requireAll(columns, "The CSV header");
        return columns;
    }

    static SubmissionRow row(int index, CSVRecord record, Map<String, Integer> columns) {
        if (record.size() != columns.size()) {
            return SubmissionRow.rejected(index, Rejection.of(null, "COLUMN_COUNT",
                    "Row has " + record.size() + " fields; the header has " + columns.size()));
        }
        Map<String, String> text = new HashMap<>();
        for (Map.Entry<String, Integer> c : columns.entrySet()) {
            String v = record.get(c.getValue());
            if (v.indexOf('\uFFFD') >= 0) {
                return SubmissionRow.rejected(index, Rejection.of(c.getKey(), "INVALID_ENCODING",
                        c.getKey() + " is not valid UTF-8"));
            }
            text.put(c.getKey(), v.isEmpty() ? null : v);
        }
        return ImportColumns.row(index, text);
    }

    /** UTF-8 with or without BOM; malformed bytes become U+FFFD, which rejects the row they are in. */
    static Reader utf8Reader(InputStream in) {
        BufferedInputStream bin = new BufferedInputStream(in, 1 << 16);
        try {
            bin.mark(3);
            byte[] head = bin.readNBytes(3);
            if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
                bin.reset();
            }
        } catch (IOException e) {
            throw ApiException.badRequest("UNREADABLE_BODY", "The request body cannot be read");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStreamReader(bin, decoder);
    }

    private static FatalImport unreadable(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return new FatalImport("MALFORMED_CSV", "The CSV cannot be read on from here: " + t.getMessage());
    }
}
