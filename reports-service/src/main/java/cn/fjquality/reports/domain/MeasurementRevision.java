package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.UUID;

/** One stored revision; never changed after insert. What it submitted is mapped by {@link SubmittedValue}. */
@Entity
@Table(name = "measurement_revision")
public class MeasurementRevision extends SubmittedValue {
    @EmbeddedId
    public Key key;

    @Column(name = "previous_value")
    public BigDecimal previousValue;

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
