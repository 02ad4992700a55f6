package cn.fjquality.reports.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.reports.domain.MeasurementWriter;
import cn.fjquality.reports.domain.NewRevision;
import cn.fjquality.reports.domain.Submitter;
import cn.fjquality.reports.messaging.MeasurementEvents;
import cn.fjquality.reports.service.Verdict.Valid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stores a chunk of submitted rows inside the caller's transaction, for single submissions and imports alike: each
 * row is checked ({@link SubmissionRules}), the valid ones applied to their measurements' state ({@link Revisions}),
 * and every new revision written ({@link MeasurementWriter}) with its MeasurementRecorded event.
 */
@ApplicationScoped
public class SubmissionProcessor {
    private final Lookups lookups;
    private final Revisions revisions;
    private final MeasurementWriter writer;
    private final MeasurementEvents events;

    public SubmissionProcessor(Lookups lookups, Revisions revisions, MeasurementWriter writer, MeasurementEvents events) {
        this.lookups = lookups;
        this.revisions = revisions;
        this.writer = writer;
        this.events = events;
    }

    /** What became of a row; the counts of an import are named alike (ImportCounts). */
    public enum Kind { IMPORTED, UPDATED, IGNORED, REJECTED }

    /** What became of one row; {@code written} is the revision stored for it (null when none was). */
    public record Outcome(SubmissionRow row, Kind kind, Rejection rejection, UUID measurementId, String unitType, boolean followUp,
                          NewRevision written) {
        Outcome(SubmissionRow row, Kind kind, Rejection rejection, UUID measurementId, String unitType, boolean followUp) {
            this(row, kind, rejection, measurementId, unitType, followUp, null);
        }
    }

    /** One outcome per row, in their order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> process(List<SubmissionRow> rows, SubmissionContext ctx) {
        ReferenceLookup refs = lookups.in(ctx);
        SubmissionRules rules = new SubmissionRules(refs, ctx.caller, ctx.today);
        // Every row is checked before any state is read, so the state of all the chunk's keys comes in one query.
        List<Verdict> verdicts = new ArrayList<>(rows.size());
        List<Valid> valid = new ArrayList<>(rows.size());
        for (SubmissionRow row : rows) {
            Verdict verdict = rules.check(row);
            verdicts.add(verdict);
            if (verdict instanceof Valid v) {
                valid.add(v);
            }
        }
        if (!valid.isEmpty()) {
            revisions.load(valid, ctx);
        }
        Revisions.Batch batch = new Revisions.Batch();
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Verdict verdict = verdicts.get(i);
            if (verdict instanceof Valid v) {
                outcomes.add(revisions.apply(v, ctx, batch));
            } else if (verdict instanceof Rejection r) {
                SubmissionRow row = rows.get(i);
                outcomes.add(new Outcome(row, Kind.REJECTED, r, null, unitType(row.unit(), refs), false));
            }
        }
        if (!ctx.dryRun && !batch.revisions.isEmpty()) {
            Submitter submitter = ctx.submitter();
            try {
                writer.write(batch.revisions, batch.latest.values(), submitter);
            } catch (MeasurementWriter.ConcurrentWrite e) {
                throw ApiException.conflict("CONCURRENT_SUBMISSION",
                        "Another submission for the same target, unit, place and period committed at the same time; retry");
            }
            events.recorded(batch.revisions, submitter);
            batch.stored();
        }
        return outcomes;
    }

    /** The reporting unit's type for the metrics; UNKNOWN for a code that names none (never looked up when it cannot be one). */
    private static String unitType(String code, ReferenceLookup refs) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return "UNKNOWN";
        }
        return refs.unit(code.trim()).map(u -> u.type).orElse("UNKNOWN");
    }
}
