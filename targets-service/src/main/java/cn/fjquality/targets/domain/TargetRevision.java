package cn.fjquality.targets.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One revision of a target, written once and never changed. */
@Entity
@Immutable
@Table(name = "target_revision")
public class TargetRevision {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "target_code", nullable = false)
    public String targetCode;

    @Column(nullable = false)
    public int revision;

    @Enumerated(EnumType.STRING)
    @Column(name = "change_type", nullable = false)
    public ChangeType changeType;

    @Enumerated(EnumType.STRING)
    @Column(name = "change_source", nullable = false)
    public ChangeSource changeSource;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "change_note")
    public String changeNote;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "changed_fields", columnDefinition = "text[]", nullable = false)
    public List<String> changedFields = new ArrayList<>();

    @Column(nullable = false)
    public boolean retired;

    @Embedded
    public TargetContent content;
}
