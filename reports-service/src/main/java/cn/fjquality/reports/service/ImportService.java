package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.reports.rest.MeasurementDtos.Conflict;
import cn.fjquality.reports.rest.MeasurementDtos.ImportCounts;
import cn.fjquality.reports.rest.MeasurementDtos.ImportSummary;
import cn.fjquality.security.Caller;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Bulk imports from JSON or CSV, read as a stream (never the whole body in memory) and stored in
 * chunks, one transaction each: valid rows are stored even when others are rejected, and a row is
 * either wholly stored or not at all.
 */
@ApplicationScoped
public class ImportService {
    public static final List<String> CSV_COLUMNS = List.of("target", "unit", "place", "period", "value", "numerator", "denominator",
            "comment");
    static final Set<String> REQUIRED_COLUMNS = Set.of("target", "unit", "period", "value");
    private static final Set<String> TEXT_FIELDS = Set.of("target", "unit", "place", "period", "comment");
    /** At most this many conflicts are listed (the counts stay exact). */
    public static final int MAX_CONFLICTS = 10_000;
    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final SubmissionProcessor processor;
    private final ObjectMapper mapper;
    private final ReportsConfig config;
    private final ReportsMetrics metrics;
    private final Clock clock;

    public ImportService(SubmissionProcessor processor, ObjectMapper mapper, ReportsConfig config, ReportsMetrics metrics, Clock clock) {
        this.processor = processor;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The file cannot be read on from here; rows before it stand. */
    static final class FatalImport extends RuntimeException {
        final String code;

        FatalImport(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    // ---------------------------------------------------------------- CSV

    /** @param declaredLength the request's Content-Length, negative when it sent none */
    public ImportSummary importCsv(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
        Reader reader = utf8Reader(body);
        CSVParser parser;
        try {
            parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(reader);
        } catch (IOException | UncheckedIOException e) {
            throw ApiException.badRequest("MALFORMED_CSV", "The CSV cannot be read: " + e.getMessage());
        }
        Iterator<CSVRecord> records = parser.iterator();
        CSVRecord header;
        try {
            if (!records.hasNext()) {
                throw ApiException.badRequest("CSV_HEADER_MISSING", "The CSV is empty; the first row must be the header "
                        + String.join(",", CSV_COLUMNS));
            }
            header = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw ApiException.badRequest("MALFORMED_CSV", "The CSV header cannot be read: " + e.getMessage());
        }
        Map<String, Integer> columns = headerColumns(header);
        Iterator<SubmissionRow> rows = new Iterator<>() {
            int index;

            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new FatalImport("MALFORMED_CSV", "The CSV cannot be read on from here: " + rootMessage(e));
                }
            }

            @Override
            public SubmissionRow next() {
                CSVRecord record;
                try {
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new FatalImport("MALFORMED_CSV", "The CSV cannot be read on from here: " + rootMessage(e));
                }
                return csvRow(++index, record, columns);
            }
        };
        return run(rows, body, caller, dryRun);
    }

    private static Map<String, Integer> headerColumns(CSVRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            if (!CSV_COLUMNS.contains(name)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Unknown CSV column '" + Numbers.abbreviate(name)
                        + "'; the header is " + String.join(",", CSV_COLUMNS) + " (place, numerator, denominator, comment optional)");
            }
            if (columns.put(name, i) != null) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "CSV column '" + name + "' appears twice");
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "The CSV header lacks the column '" + required + "'");
            }
        }
        return columns;
    }

    static SubmissionRow csvRow(int index, CSVRecord record, Map<String, Integer> columns) {
        if (record.size() != columns.size()) {
            return SubmissionRow.rejected(index, Rejection.of(null, "COLUMN_COUNT",
                    "Row has " + record.size() + " fields; the header has " + columns.size()));
        }
        Map<String, String> f = new HashMap<>();
        for (Map.Entry<String, Integer> c : columns.entrySet()) {
            String v = record.get(c.getValue());
            if (v.indexOf('\uFFFD') >= 0) {
                return SubmissionRow.rejected(index, Rejection.of(c.getKey(), "INVALID_ENCODING",
                        c.getKey() + " is not valid UTF-8"));
            }
            f.put(c.getKey(), v.isEmpty() ? null : v);
        }
        try {
            return new SubmissionRow(index, f.get("target"), f.get("unit"), f.get("place"), f.get("period"),
                    Numbers.parse("value", f.get("value")), Numbers.parse("numerator", f.get("numerator")),
                    Numbers.parse("denominator", f.get("denominator")), f.get("comment"), null);
        } catch (Numbers.BadNumber e) {
            return SubmissionRow.rejected(index, e.rejection);
        }
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

    // ---------------------------------------------------------------- JSON

    /** @param declaredLength the request's Content-Length, negative when it sent none */
    public ImportSummary importJson(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
        JsonParser parser;
        try {
            parser = mapper.getFactory().createParser(body);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("MALFORMED_JSON", "The body must be an object {\"measurements\": [...]}");
            }
            while (true) {
                JsonToken t = parser.nextToken();
                if (t != JsonToken.FIELD_NAME) {
                    throw ApiException.badRequest("MISSING_FIELD", "The body lacks the array 'measurements'");
                }
                String name = parser.currentName();
                if (!"measurements".equals(name)) {
                    throw ApiException.badRequest("UNKNOWN_FIELD", "Unknown field '" + Numbers.abbreviate(name) + "'");
                }
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw ApiException.badRequest("WRONG_TYPE", "'measurements' must be an array");
                }
                break;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(isEncoding(e) ? "INVALID_ENCODING" : "MALFORMED_JSON",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("UNREADABLE_BODY", "The request body cannot be read");
        }
        Iterator<SubmissionRow> rows = new Iterator<>() {
            int index;
            JsonToken next;

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
                    } catch (JsonProcessingException e) {
                        throw new FatalImport(isEncoding(e) ? "INVALID_ENCODING" : "MALFORMED_JSON",
                                "The JSON cannot be read on from here: " + e.getOriginalMessage());
                    } catch (IOException e) {
                        throw new FatalImport("UNREADABLE_BODY", "The request body cannot be read on from here");
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
                } catch (JsonProcessingException e) {
                    throw new FatalImport(isEncoding(e) ? "INVALID_ENCODING" : "MALFORMED_JSON",
                            "The JSON cannot be read on from here: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new FatalImport("UNREADABLE_BODY", "The request body cannot be read on from here");
                }
                return jsonRow(++index, node);
            }
        };
        return run(rows, body, caller, dryRun);
    }

    static SubmissionRow jsonRow(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            return SubmissionRow.rejected(index, Rejection.of(null, "WRONG_TYPE", "Each measurement must be a JSON object"));
        }
        Map<String, String> text = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!CSV_COLUMNS.contains(name)) {
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

    private static boolean isEncoding(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return m.contains("UTF-8") || m.contains("UTF8");
    }

    // ---------------------------------------------------------------- xlsx

    /**
     * The first sheet of an .xlsx workbook, with the CSV's columns: the header row names them (a header may also be written
     * {@code 指标代码 (target)}: the name in the closing brackets counts), a column whose header starts with {@code #} is
     * informational and ignored (the template's {@code #指标名称} …), blank rows are skipped, and so are rows without value,
     * numerator and denominator (template rows not filled in). The body is kept in a temporary
     * file while it is read (an .xlsx is a zip, read from its end); a body that breaks off stores nothing. A row's number in
     * the conflicts is its sheet row number minus one (the header is row 1 of the sheet: the first data row is 1).
     *
     * @param declaredLength the request's Content-Length, negative when it sent none
     */
    public ImportSummary importXlsx(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        java.nio.file.Path file;
        try {
            file = java.nio.file.Files.createTempFile("reports-import-", ".xlsx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                body.transferTo(out);
            } catch (IOException e) {
                throw ApiException.badRequest(body.incomplete() != null ? "BODY_INCOMPLETE" : "UNREADABLE_BODY",
                        body.incomplete() != null ? "The request body is incomplete: " + body.incomplete() + "; nothing was stored"
                                : "The request body cannot be read");
            }
            Run run = new Run(caller, dryRun);
            Map<String, Integer>[] header = new Map[1];
            int[] headerRow = {0};
            try {
                cn.fjquality.tabular.XlsxRows.firstSheet(file.toFile(), (rowNumber, cells) -> {
                    if (header[0] == null) {
                        header[0] = xlsxHeader(cells);
                        headerRow[0] = rowNumber;
                    } else if (!unfilled(cells, header[0])) {
                        run.add(xlsxRow(rowNumber - headerRow[0], cells, header[0]));
                    }
                });
            } catch (cn.fjquality.tabular.XlsxRows.NotAWorkbook e) {
                if (run.read > 0) {
                    // cannot happen after rows were read (the workbook is opened before), but never hide stored rows
                    run.tally.conflicts.add(new Conflict(run.read + 1, null, "XLSX_UNREADABLE", e.getMessage()));
                    run.tally.fatal = true;
                    return run.finish();
                }
                throw ApiException.badRequest("XLSX_UNREADABLE", "The file is not an .xlsx workbook that can be read ("
                        + Numbers.abbreviate(String.valueOf(e.getMessage())) + "); save it as Excel Workbook (.xlsx)");
            } catch (IOException e) {
                throw ApiException.badRequest("UNREADABLE_BODY", "The workbook cannot be read");
            }
            if (header[0] == null) {
                throw ApiException.badRequest("CSV_HEADER_MISSING", "The first sheet is empty; its first row must be the header "
                        + String.join(",", CSV_COLUMNS));
            }
            return run.finish();
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("could not delete %s: %s", file, e.getMessage());
            }
        }
    }

    /** The column a header cell names: {@code value}, {@code 数值 (value)}, {@code 数值（value）}; null for an informational one. */
    static String xlsxColumn(String header) {
        String h = header.replace("\uFEFF", "").trim();
        if (h.startsWith("#")) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[(（]\\s*([A-Za-z]+)\\s*[)）]$").matcher(h);
        return (m.find() ? m.group(1) : h).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Integer> xlsxHeader(List<String> cells) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).isBlank()) {
                continue;
            }
            String name = xlsxColumn(cells.get(i));
            if (name == null) {
                continue;
            }
            if (!CSV_COLUMNS.contains(name)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Unknown column '" + Numbers.abbreviate(cells.get(i))
                        + "' in the first row; the columns are " + String.join(",", CSV_COLUMNS)
                        + " (place, numerator, denominator, comment optional; a header starting with # is ignored)");
            }
            if (columns.put(name, i) != null) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "Column '" + name + "' appears twice");
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw ApiException.badRequest("CSV_HEADER_INVALID", "The first row lacks the column '" + required + "'");
            }
        }
        return columns;
    }

    /** A template row nobody filled in: no value, numerator or denominator. Left out, not rejected. */
    static boolean unfilled(List<String> cells, Map<String, Integer> columns) {
        for (String name : List.of("value", "numerator", "denominator")) {
            Integer c = columns.get(name);
            if (c != null && c < cells.size() && !cells.get(c).isBlank()) {
                return false;
            }
        }
        return true;
    }

    static SubmissionRow xlsxRow(int index, List<String> cells, Map<String, Integer> columns) {
        Map<String, String> f = new HashMap<>();
        for (Map.Entry<String, Integer> c : columns.entrySet()) {
            String v = c.getValue() < cells.size() ? cells.get(c.getValue()).trim() : "";
            f.put(c.getKey(), v.isEmpty() ? null : v);
        }
        try {
            return new SubmissionRow(index, f.get("target"), f.get("unit"), f.get("place"), f.get("period"),
                    Numbers.parse("value", f.get("value")), Numbers.parse("numerator", f.get("numerator")),
                    Numbers.parse("denominator", f.get("denominator")), f.get("comment"), null);
        } catch (Numbers.BadNumber e) {
            return SubmissionRow.rejected(index, e.rejection);
        }
    }

    /** An import fed row by row (the xlsx reader pushes rows): chunks stored as they fill. */
    private final class Run {
        final UUID importId = UUID.randomUUID();
        final long started = System.nanoTime();
        final Caller caller;
        final boolean dryRun;
        final SubmissionContext ctx;
        final Tally tally = new Tally();
        final int chunkSize = Math.max(1, config.importing().chunkSize());
        List<SubmissionRow> chunk = new ArrayList<>();
        int read;

        Run(Caller caller, boolean dryRun) {
            this.caller = caller;
            this.dryRun = dryRun;
            this.ctx = new SubmissionContext(caller, dryRun, true, importId, Instant.now(clock), LocalDate.now(clock));
        }

        void add(SubmissionRow row) {
            chunk.add(row);
            read++;
            if (chunk.size() == chunkSize) {
                store(chunk, ctx, tally);
                chunk = new ArrayList<>();
            }
        }

        ImportSummary finish() {
            store(chunk, ctx, tally);
            chunk = new ArrayList<>();
            long total = System.nanoTime() - started;
            LOG.infof("import %s (xlsx) by %s%s: %d imported, %d updated, %d unchanged, %d rejected in %d ms (%d ms storing)",
                    importId, caller.keyId(), dryRun ? " (dry run)" : "", tally.imported, tally.updated, tally.ignored,
                    tally.rejected, total / 1_000_000, tally.storeNanos / 1_000_000);
            return tally.summary(importId, dryRun);
        }
    }

    // ---------------------------------------------------------------- chunked run

    private ImportSummary run(Iterator<SubmissionRow> rows, DeclaredLengthBody body, Caller caller, boolean dryRun) {
        UUID importId = UUID.randomUUID();
        long started = System.nanoTime();
        SubmissionContext ctx = new SubmissionContext(caller, dryRun, true, importId, Instant.now(clock), LocalDate.now(clock));
        Tally tally = new Tally();
        int chunkSize = Math.max(1, config.importing().chunkSize());
        List<SubmissionRow> chunk = new ArrayList<>(chunkSize);
        int read = 0;
        FatalImport fatal = null;
        try {
            while (rows.hasNext()) {
                chunk.add(rows.next());
                read++;
                if (chunk.size() == chunkSize) {
                    store(chunk, ctx, tally);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
        } catch (FatalImport f) {
            fatal = body.incomplete() != null ? new FatalImport("BODY_INCOMPLETE", "The request body is incomplete: "
                    + body.incomplete() + "; the rows read since the last stored chunk of " + chunkSize + " were not stored") : f;
            if (read == 0) {
                throw ApiException.badRequest(fatal.code, fatal.getMessage());
            }
        }
        if (body.incomplete() != null) {
            // The rows not yet committed may end in a row cut mid-value: none of them is stored. Earlier chunks were
            // whole rows and stay (an import is not one transaction; see docs/reports-service.md).
            LOG.warnf("import %s by %s: %s; %d rows stored before, %d read since then not stored", importId, caller.keyId(),
                    body.incomplete(), tally.imported + tally.updated, chunk.size());
            chunk = List.of();
        }
        store(chunk, ctx, tally);
        if (fatal != null) {
            // Not a data row: listed as a conflict, not counted as rejected.
            tally.conflicts.add(new Conflict(read + 1, null, fatal.code, fatal.getMessage()));
            tally.fatal = true;
        }
        long total = System.nanoTime() - started;
        LOG.infof("import %s by %s%s: %d imported, %d updated, %d unchanged, %d rejected in %d ms (%d ms storing, %d ms reading)",
                importId, caller.keyId(), dryRun ? " (dry run)" : "", tally.imported, tally.updated, tally.ignored, tally.rejected,
                total / 1_000_000, tally.storeNanos / 1_000_000, (total - tally.storeNanos) / 1_000_000);
        return tally.summary(importId, dryRun);
    }

    /** Stores a chunk, adding its time to the tally (the end-of-import log tells storing from reading the body). */
    private void store(List<SubmissionRow> chunk, SubmissionContext ctx, Tally tally) {
        long started = System.nanoTime();
        storeChunk(chunk, ctx, tally);
        tally.storeNanos += System.nanoTime() - started;
    }

    private void storeChunk(List<SubmissionRow> chunk, SubmissionContext ctx, Tally tally) {
        if (chunk.isEmpty()) {
            return;
        }
        List<SubmissionProcessor.Outcome> outcomes;
        try {
            outcomes = QuarkusTransaction.requiringNew().timeout(600).call(() -> processor.process(chunk, ctx));
        } catch (ApiException e) {
            // The chunk rolled back as a whole (e.g. a concurrent submission of the same key): forget what it
            // taught us and report each of its rows.
            ctx.current.clear();
            ctx.lookedUp.clear();
            ctx.history.clear();
            for (SubmissionRow row : chunk) {
                tally.reject(new Conflict(row.row(), null, e.code(), e.getMessage()));
            }
            return;
        }
        Map<String, long[]> byType = new HashMap<>();
        long imported = 0, updated = 0, ignored = 0, rejected = 0;
        for (SubmissionProcessor.Outcome o : outcomes) {
            switch (o.kind()) {
                case IMPORTED -> imported++;
                case UPDATED -> updated++;
                case UNCHANGED -> ignored++;
                case REJECTED -> {
                    rejected++;
                    Rejection r = o.rejection();
                    tally.reject(new Conflict(o.row().row(), r.field(), r.code(), r.message()));
                }
            }
            if (o.followUp()) {
                tally.followUp++;
            }
            if (o.kind() != SubmissionProcessor.Kind.UNCHANGED) {
                byType.computeIfAbsent(o.unitType(), k -> new long[2])[o.kind() == SubmissionProcessor.Kind.REJECTED ? 1 : 0]++;
            }
        }
        tally.imported += imported;
        tally.updated += updated;
        tally.ignored += ignored;
        if (!ctx.dryRun) {
            byType.forEach((type, n) -> {
                metrics.submitted(true, type, n[0]);
                metrics.submitted(false, type, n[1]);
            });
            metrics.importRows("imported", imported);
            metrics.importRows("updated", updated);
            metrics.importRows("unchanged", ignored);
            metrics.importRows("rejected", rejected);
        }
    }

    static final class Tally {
        long imported, updated, ignored, rejected, followUp;
        boolean fatal;
        long storeNanos;
        final List<Conflict> conflicts = new ArrayList<>();

        void reject(Conflict c) {
            rejected++;
            if (conflicts.size() < MAX_CONFLICTS) {
                conflicts.add(c);
            }
        }

        ImportSummary summary(UUID importId, boolean dryRun) {
            long accepted = imported + updated + ignored;
            String status = fatal || (rejected > 0 && accepted == 0) ? "ERROR"
                    : rejected > 0 || followUp > 0 ? "WARNING" : "SUCCESS";
            ImportCounts counts = new ImportCounts(accepted + rejected, imported, updated, ignored, rejected, followUp);
            return new ImportSummary(importId, dryRun, status, counts, conflicts, rejected + (fatal ? 1 : 0) > conflicts.size());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
