package cn.fjquality.reports.service;

import java.util.List;
import java.util.UUID;

/**
 * What an import did ({@link ImportService}): how many rows became new measurements, new revisions, were ignored
 * (identical to the current revision) or rejected, and a conflict for each rejected row (at most
 * {@link ImportService#MAX_CONFLICTS}; the counts stay exact).
 *
 * @param status             ERROR when the file could not be read to the end or every row was rejected, WARNING when
 *                           some rows were rejected or flagged for follow-up, else SUCCESS
 * @param conflictsTruncated more rows were rejected than conflicts listed
 */
public record ImportResult(UUID importId, boolean dryRun, Status status, long imported, long updated, long ignored, long rejected,
                           long followUp, List<Conflict> conflicts, boolean conflictsTruncated) {

    public enum Status { SUCCESS, WARNING, ERROR }

    public long total() {
        return imported + updated + ignored + rejected;
    }

    /** A rejected row, or (with no field) where the file could not be read on. */
    public record Conflict(int row, String field, String code, String message) {
    }
}
