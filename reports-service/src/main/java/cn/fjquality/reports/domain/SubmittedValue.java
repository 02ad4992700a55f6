package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one revision submitted and who submitted it: the columns {@code measurement} (the current revision) and
 * {@code measurement_revision} (every revision) both have, with the same names, types and meaning (V2, V4), and that
 * {@link MeasurementWriter} writes alike into both (its {@code RECORDED} columns; the revision number besides, which
 * {@code measurement_revision} holds in its key). Mapped once here so the two entities cannot drift apart; each keeps
 * its own columns besides (the measurement's identity and review state, a revision's previous value and import).
 * A mapped superclass, not an embeddable: the fields keep their names, so the queries naming them
 * ({@code followUp = :followUp}) and the code reading {@code m.value} stay as they are.
 */
@MappedSuperclass
public abstract class SubmittedValue {
    @Column(nullable = false)
    public BigDecimal value;

    public BigDecimal numerator;

    public BigDecimal denominator;

    public String comment;

    @Column(name = "follow_up", nullable = false)
    public boolean followUp;

    @Column(name = "z_score")
    public Double zScore;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "submitted_by_key", nullable = false)
    public String submittedByKey;

    /** The unit of the REPORTER key that submitted it; null for an ADMIN key, or a revision stored before V4. */
    @Column(name = "submitted_by_unit")
    public String submittedByUnit;

    @Column(name = "on_behalf", nullable = false)
    public boolean onBehalf;
}
