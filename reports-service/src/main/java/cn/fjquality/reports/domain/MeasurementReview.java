package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An approve or return decision, kept for audit. */
@Entity
@Table(name = "measurement_review")
public class MeasurementReview {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "measurement_id", nullable = false)
    public UUID measurementId;

    @Column(nullable = false)
    public int revision;

    @Column(nullable = false)
    public String action;

    public String reason;

    @Column(name = "reviewed_by_key", nullable = false)
    public String reviewedByKey;

    @Column(name = "on_behalf", nullable = false)
    public boolean onBehalf;

    @Column(name = "reviewed_at", nullable = false)
    public Instant reviewedAt;
}
