package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.ProgressStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The stored assessment of one target at one scope ({@code PROVINCE}, a place's code, or a reporting unit's code). */
@Entity
@Table(name = "progress")
@IdClass(ProgressRow.Key.class)
public class ProgressRow {
    @Id
    @Column(name = "target_code")
    public String targetCode;

    @Id
    @Column(name = "scope")
    public String scope;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProgressStatus status;

    public Double actual;
    public Double gap;

    @Column(name = "percent_of_target")
    public Double percentOfTarget;

    public Double forecast;

    @Column(name = "progress_ratio")
    public Double progressRatio;

    public Double baseline;

    @Column(nullable = false, columnDefinition = "text")
    public String method;

    @Column(name = "last_report_at")
    public Instant lastReportAt;

    @Column(nullable = false)
    public boolean stale;

    @Column(name = "computed_at", nullable = false)
    public Instant computedAt;

    /** The latest figure: its period, the last day it speaks for, and where it comes from (REPORTED, DERIVED, ROLLED_UP). */
    @Column(name = "last_period")
    public String lastPeriod;

    @Column(name = "covered_through")
    public java.time.LocalDate coveredThrough;

    @Column(name = "last_source")
    public String lastSource;

    /** A rolled-up latest figure: the places below it that had a figure, of those active. */
    @Column(name = "places_covered")
    public Integer placesCovered;

    @Column(name = "places_total")
    public Integer placesTotal;

    /** Periods whose reported figure and roll-up (or finer periods) disagree beyond the tolerance. */
    @Column(name = "flagged_periods", nullable = false)
    public int flaggedPeriods;

    public static class Key implements Serializable {
        public String targetCode;
        public String scope;

        public Key() {
        }

        public Key(String targetCode, String scope) {
            this.targetCode = targetCode;
            this.scope = scope;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(targetCode, k.targetCode) && Objects.equals(scope, k.scope);
        }

        @Override
        public int hashCode() {
            return Objects.hash(targetCode, scope);
        }
    }
}
