package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One stored revision; never changed after insert. */
@Entity
@Table(name = "measurement_revision")
public class MeasurementRevision {
    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public BigDecimal value;

    public BigDecimal numerator;

    public BigDecimal denominator;

    public String comment;

    @Column(name = "previous_value")
    public BigDecimal previousValue;

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

    @Column(name = "import_id")
    public UUID importId;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "measurement_id")
        public UUID measurementId;

        public int revision;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.measurementId.equals(measurementId) && k.revision == revision;
        }

        @Override
        public int hashCode() {
            return measurementId.hashCode() * 31 + revision;
        }
    }
}
