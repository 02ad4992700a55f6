package cn.fjquality.reports.service;

import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.security.Caller;

import java.math.BigDecimal;
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
 * current state of every (target, unit, place, period) it touched and each (target, unit, place, frequency)'s history
 * of values. Lives for one request; chunks of an import share it, so a later row sees earlier rows (also in a dry run).
 */
public final class SubmissionContext {
    final Caller caller;
    final boolean dryRun;
    /** Bulk imports ignore rows identical to the current revision; single submissions always add a revision. */
    final boolean ignoreUnchanged;
    final UUID importId;
    final Instant now;
    final LocalDate today;
    final Map<String, Optional<UnitCopy>> units = new HashMap<>();
    final Map<String, Optional<UnitCopy>> divisions = new HashMap<>();
    final Map<String, Optional<TargetCopy>> targets = new HashMap<>();
    final Map<String, Current> current = new HashMap<>();
    final Set<String> lookedUp = new HashSet<>();
    final Map<String, TreeMap<LocalDate, Double>> history = new HashMap<>();

    SubmissionContext(Caller caller, boolean dryRun, boolean ignoreUnchanged, UUID importId, Instant now, LocalDate today) {
        this.caller = caller;
        this.dryRun = dryRun;
        this.ignoreUnchanged = ignoreUnchanged;
        this.importId = importId;
        this.now = now;
        this.today = today;
    }

    /** The unit of the REPORTER key submitting (kept with each revision for the four-eyes rule); null for an ADMIN key. */
    String submitterUnit() {
        return caller.isReporter() ? caller.unitCode() : null;
    }

    static String key(String target, String unit, String place, String period) {
        return target + '\u0001' + unit + '\u0001' + place + '\u0001' + period;
    }

    /**
     * Whose history a value is judged against: the same unit's values for the same target and place, at the same
     * frequency (a quarter's value is compared with earlier quarters, not with years; a year and its first quarter
     * also start on the same day).
     */
    static String series(String target, String unit, String place, String frequency) {
        return target + '\u0001' + unit + '\u0001' + place + '\u0001' + frequency;
    }

    /** The latest stored (or, in a dry run, would-be stored) state of one (target, unit, place, period). */
    static final class Current {
        UUID id;
        int revision;
        BigDecimal value;
        BigDecimal numerator;
        BigDecimal denominator;
        String comment;
        String status;
        Instant firstSubmittedAt;
        /** The last review; a new revision keeps it (the answer and GET show who returned the value, and why). */
        Instant reviewedAt;
        String reviewedBy;
        String reviewReason;
        /** A row exists in the database (else the chunk inserts it). */
        boolean persisted;
    }
}
