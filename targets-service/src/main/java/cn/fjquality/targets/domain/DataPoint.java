package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.ReportedValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The latest accepted revision of one measurement (a unit's value for one target, place and period), from
 * measurements.v1; one row per measurement id.
 */
@Entity
@Table(name = "progress_data_point")
public class DataPoint {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "target_code", nullable = false)
    public String targetCode;

    @Column(name = "unit_code", nullable = false)
    public String unitCode;

    /** The place the value describes; the unit's own code when its place could not be resolved on arrival. */
    @Column(name = "place_code", nullable = false)
    public String placeCode;

    @Column(nullable = false)
    public String period;

    @Column(name = "period_start", nullable = false)
    public LocalDate periodStart;

    @Column(name = "period_end", nullable = false)
    public LocalDate periodEnd;

    @Column(name = "measurement_id", nullable = false)
    public String measurementId;

    @Column(nullable = false)
    public int revision;

    @Column(nullable = false)
    public double value;

    public Double numerator;

    public Double denominator;

    @Column(nullable = false)
    public String status;

    @Column(name = "status_at", nullable = false)
    public Instant statusAt;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public ReportedValue reported() {
        return new ReportedValue(unitCode, placeCode, period, periodStart, periodEnd, value, numerator, denominator, status, submittedAt);
    }
}
