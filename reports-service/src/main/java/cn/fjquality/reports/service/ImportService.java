package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.config.ReportsConfig;
import cn.fjquality.reports.service.ImportResult.Conflict;
import cn.fjquality.security.Caller;
import cn.fjquality.tabular.XlsxRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk imports from JSON ({@link JsonRows}), CSV ({@link CsvRows}) or .xlsx ({@link SheetRows}), read as a stream
 * (never the whole body in memory) and stored in chunks, one transaction each: valid rows are stored even when others
 * are rejected, and a row is either wholly stored or not at all.
 */
@ApplicationScoped
public class ImportService {
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

    /** @param declaredLength the request's Content-Length, negative when it sent none */
    public ImportResult importCsv(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
        return run(new CsvRows(body), body, new Run("csv", caller, dryRun));
    }

    /** @param declaredLength the request's Content-Length, negative when it sent none */
    public ImportResult importJson(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
        return run(new JsonRows(mapper.getFactory(), body), body, new Run("json", caller, dryRun));
    }

    /**
     * The body is kept in a temporary file while it is read (an .xlsx is a zip, read from its end), so a body that breaks
     * off stores nothing.
     *
     * @param declaredLength the request's Content-Length, negative when it sent none
     */
    public ImportResult importXlsx(InputStream raw, long declaredLength, Caller caller, boolean dryRun) {
        Path file;
        try {
            file = Files.createTempFile("reports-import-", ".xlsx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DeclaredLengthBody body = new DeclaredLengthBody(raw, declaredLength);
            try (OutputStream out = Files.newOutputStream(file)) {
                body.transferTo(out);
            } catch (IOException e) {
                throw ApiException.badRequest(body.incomplete() != null ? "BODY_INCOMPLETE" : "UNREADABLE_BODY",
                        body.incomplete() != null ? "The request body is incomplete: " + body.incomplete() + "; nothing was stored"
                                : "The request body cannot be read");
            }
            Run run = new Run("xlsx", caller, dryRun);
            try {
                SheetRows.read(file.toFile(), run::add);
            } catch (XlsxRows.NotAWorkbook e) {
                if (run.read > 0) {
                    // cannot happen after rows were read (the workbook is opened before), but never hide stored rows
                    return run.finish(new FatalImport("XLSX_UNREADABLE", e.getMessage()));
                }
                throw ApiException.badRequest("XLSX_UNREADABLE", "The file is not an .xlsx workbook that can be read ("
                        + Numbers.abbreviate(String.valueOf(e.getMessage())) + "); save it as Excel Workbook (.xlsx)");
            } catch (IOException e) {
                throw ApiException.badRequest("UNREADABLE_BODY", "The workbook cannot be read");
            }
            return run.finish(null);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("could not delete %s: %s", file, e.getMessage());
            }
        }
    }

    /** Pulls the rows of a streamed body into the run; a body that breaks off stores nothing after the last stored chunk. */
    private ImportResult run(Iterator<SubmissionRow> rows, DeclaredLengthBody body, Run run) {
        FatalImport fatal = null;
        try {
            while (rows.hasNext()) {
                run.add(rows.next());
            }
        } catch (FatalImport f) {
            fatal = body.incomplete() != null ? new FatalImport("BODY_INCOMPLETE", "The request body is incomplete: "
                    + body.incomplete() + "; the rows read since the last stored chunk of " + run.chunkSize + " were not stored") : f;
            if (run.read == 0) {
                throw ApiException.badRequest(fatal.code, fatal.getMessage());
            }
        }
        if (body.incomplete() != null) {
            // The rows not yet committed may end in a row cut mid-value: none of them is stored. Earlier chunks were
            // whole rows and stay (an import is not one transaction; see docs/reports-service.md).
            LOG.warnf("import %s by %s: %s; %d rows stored before, %d read since then not stored", run.importId,
                    run.caller.keyId(), body.incomplete(), run.tally.imported + run.tally.updated, run.chunk.size());
            run.chunk = new ArrayList<>();
        }
        return run.finish(fatal);
    }

    /** One import: rows are added as they are read and stored a chunk (one transaction) at a time. */
    private final class Run {
        final UUID importId = UUID.randomUUID();
        final long started = System.nanoTime();
        final String format;
        final Caller caller;
        final SubmissionContext ctx;
        final Tally tally = new Tally();
        final int chunkSize = Math.max(1, config.importing().chunkSize());
        List<SubmissionRow> chunk = new ArrayList<>(chunkSize);
        int read;

        Run(String format, Caller caller, boolean dryRun) {
            this.format = format;
            this.caller = caller;
            this.ctx = new SubmissionContext(caller, dryRun, true, importId, Instant.now(clock), LocalDate.now(clock));
        }

        void add(SubmissionRow row) {
            chunk.add(row);
            read++;
            if (chunk.size() == chunkSize) {
                store(chunk);
                chunk = new ArrayList<>(chunkSize);
            }
        }

        /** Stores the last chunk; {@code fatal}, when not null, is where the body could not be read on. */
        ImportResult finish(FatalImport fatal) {
            store(chunk);
            chunk = new ArrayList<>();
            if (fatal != null) {
                // Not a data row: listed as a conflict, not counted as rejected.
                tally.conflicts.add(new Conflict(read + 1, null, fatal.code, fatal.getMessage()));
                tally.fatal = true;
            }
            long total = System.nanoTime() - started;
            LOG.infof("import %s (%s) by %s%s: %d imported, %d updated, %d ignored, %d rejected in %d ms (%d ms storing, %d ms reading)",
                    importId, format, caller.keyId(), ctx.dryRun ? " (dry run)" : "", tally.imported, tally.updated, tally.ignored,
                    tally.rejected, total / 1_000_000, tally.storeNanos / 1_000_000, (total - tally.storeNanos) / 1_000_000);
            return tally.result(importId, ctx.dryRun);
        }

        /** Stores a chunk, adding its time to the tally (the end-of-import log tells storing from reading the body). */
        private void store(List<SubmissionRow> rows) {
            long storing = System.nanoTime();
            storeChunk(rows, ctx, tally);
            tally.storeNanos += System.nanoTime() - storing;
        }
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
            ctx.forgetStoredState();
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
                case IGNORED -> ignored++;
                case REJECTED -> {
                    rejected++;
                    Rejection r = o.rejection();
                    tally.reject(new Conflict(o.row().row(), r.field(), r.code(), r.message()));
                }
            }
            if (o.followUp()) {
                tally.followUp++;
            }
            if (o.kind() != SubmissionProcessor.Kind.IGNORED) {
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
            metrics.importRows(ReportsMetrics.IGNORED_OUTCOME, ignored);
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

        ImportResult result(UUID importId, boolean dryRun) {
            long accepted = imported + updated + ignored;
            ImportResult.Status status = fatal || (rejected > 0 && accepted == 0) ? ImportResult.Status.ERROR
                    : rejected > 0 || followUp > 0 ? ImportResult.Status.WARNING : ImportResult.Status.SUCCESS;
            return new ImportResult(importId, dryRun, status, imported, updated, ignored, rejected, followUp, conflicts,
                    rejected + (fatal ? 1 : 0) > conflicts.size());
        }
    }
}
