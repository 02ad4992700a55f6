package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The current revision of the value a unit reported for (target, place, period): the unit reports, the place (the
 * province, a city or a county, by unit code) is what the value describes. Written by {@link MeasurementWriter}. What
 * the current revision submitted (value, numerator, denominator, comment, outlier score, submitter) is mapped by
 * {@link SubmittedValue}, as for every {@link MeasurementRevision}.
 */
@Entity
@Table(name = "measurement")
public class Measurement extends SubmittedValue {
    public static final String SUBMITTED = "SUBMITTED";
    public static final String APPROVED = "APPROVED";
    public static final String RETURNED = "RETURNED";

    @Id
    public UUID id;

    @Column(name = "target_code", nullable = false)
    public String targetCode;

    @Column(name = "unit_code", nullable = false)
    public String unitCode;

    @Column(name = "place_code", nullable = false)
    public String placeCode;

    @Column(nullable = false)
    public String period;

    @Column(nullable = false)
    public String frequency;

    @Column(name = "period_start", nullable = false)
    public LocalDate periodStart;

    @Column(name = "period_end", nullable = false)
    public LocalDate periodEnd;

    @Column(nullable = false)
    public int revision;

    @Column(nullable = false)
    public String status;

    @Column(name = "first_submitted_at", nullable = false)
    public Instant firstSubmittedAt;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    @Column(name = "reviewed_by_key")
    public String reviewedByKey;

    @Column(name = "review_reason")
    public String reviewReason;
}
