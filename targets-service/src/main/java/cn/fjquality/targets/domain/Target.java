package cn.fjquality.targets.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * A target's stable identity and the content of its current revision. Changes never overwrite a
 * revision: each one appends a {@link TargetRevision} and moves this row to it.
 */
@Entity
@Table(name = "target")
public class Target {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, updatable = false)
    public String code;

    /** The current revision number (1, 2, 3 ...). */
    @Column(nullable = false)
    public int revision;

    @Embedded
    public TargetContent content;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** SHA-256 of the catalog entry last applied; null for targets created through the API. */
    @Column(name = "catalog_hash")
    public String catalogHash;

    @Version
    public long version;

    /**
     * Changes to the target's values so far (see V7): written only by {@link TargetRepository#bumpDataVersion}, which also
     * sets this field, never by an update of the entity.
     */
    @Column(name = "data_version", insertable = false, updatable = false)
    public long dataVersion;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean retired() {
        return retiredAt != null;
    }
}
