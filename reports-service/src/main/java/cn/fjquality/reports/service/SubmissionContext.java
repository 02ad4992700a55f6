package cn.fjquality.reports.service;

import cn.fjquality.reports.domain.MeasurementKey;
import cn.fjquality.reports.domain.MeasurementState;
import cn.fjquality.reports.domain.Submitter;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.security.Caller;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one submission or import has learned so far: looked-up units (by code and by division code) and targets, the
 * current state of every measurement it touched and each series' history of values. Lives for one request; chunks of
 * an import share it, so a later row sees earlier rows (also in a dry run).
 */
public final class SubmissionContext {
    final Caller caller;
    final boolean dryRun;
    /** Bulk imports ignore rows identical to the current revision (so a file can be sent again); single submissions always add a revision. */
    final boolean ignoreIdentical;
    final UUID importId;
    final Instant now;
    final LocalDate today;
    final Map<String, Optional<UnitCopy>> units = new HashMap<>();
    final Map<String, Optional<UnitCopy>> divisions = new HashMap<>();
    final Map<String, Optional<TargetCopy>> targets = new HashMap<>();
    final Map<MeasurementKey, MeasurementState> current = new HashMap<>();
    /** The keys whose stored state was read (and locked) already; {@link #current} holds those that exist. */
    final Set<MeasurementKey> lookedUp = new HashSet<>();
    final Map<MeasurementKey.Series, TreeMap<LocalDate, Double>> history = new HashMap<>();

    SubmissionContext(Caller caller, boolean dryRun, boolean ignoreIdentical, UUID importId, Instant now, LocalDate today) {
        this.caller = caller;
        this.dryRun = dryRun;
        this.ignoreIdentical = ignoreIdentical;
        this.importId = importId;
        this.now = now;
        this.today = today;
    }

    /** Who stores the revisions, for the writer and the events. */
    Submitter submitter() {
        // The unit of a REPORTER key is kept with each revision for the four-eyes rule; an ADMIN key has none.
        return new Submitter(caller.keyId(), caller.isAdmin(), caller.isReporter() ? caller.unitCode() : null, importId, now);
    }

    /** Forgets the stored state learned so far: after a chunk rolled back, it may not be true. */
    void forgetStoredState() {
        current.clear();
        lookedUp.clear();
        history.clear();
    }
}
