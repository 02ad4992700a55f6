package cn.fjquality.reports.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** This service's copy of a unit, kept from units.v1 (highest version wins). */
@Entity
@Table(name = "unit_copy")
public class UnitCopy {
    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    @Column(nullable = false)
    public String type;

    @Column(name = "parent_code")
    public String parentCode;

    @Column(name = "active_from", nullable = false)
    public LocalDate activeFrom;

    @Column(name = "active_to")
    public LocalDate activeTo;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Active on at least one day of [from, to]. */
    public boolean isActiveDuring(LocalDate from, LocalDate to) {
        return !activeFrom.isAfter(to) && (activeTo == null || !activeTo.isBefore(from));
    }
}
