package cn.fjquality.reports.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest stored (or, in a dry run, would-be stored) state of one measurement, as a submission or import sees it
 * while it goes: mutable, because later rows of the same import revise what earlier rows left.
 */
public final class MeasurementState {
    public UUID id;
    public int revision;
    public BigDecimal value;
    public BigDecimal numerator;
    public BigDecimal denominator;
    public String comment;
    public String status;
    public Instant firstSubmittedAt;
    /** The last review; a new revision keeps it (the answer and GET show who returned the value, and why). */
    public Instant reviewedAt;
    public String reviewedBy;
    public String reviewReason;
    /** A row exists in the database (else the next write inserts it). */
    public boolean persisted;
}
