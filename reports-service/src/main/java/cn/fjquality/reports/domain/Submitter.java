package cn.fjquality.reports.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Who stores a set of revisions, and when: the same for every row of a submission or import.
 *
 * @param unit     the unit of the REPORTER key submitting (kept for the four-eyes rule); null for an ADMIN key
 * @param importId the bulk import the revisions come from; null for a single submission
 */
public record Submitter(String keyId, boolean onBehalf, String unit, UUID importId, Instant at) {
}
