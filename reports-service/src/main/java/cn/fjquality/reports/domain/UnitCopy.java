package cn.fjquality.reports.domain;

import cn.fjquality.events.places.Places;
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

    /** The official 6-digit division code of a place (PROVINCE, CITY, COUNTY); null for departments and agencies. */
    @Column(name = "division_code")
    public String divisionCode;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** What {@link Places} needs of the unit. */
    public Places.Node node() {
        return new Places.Node(code, type, parentCode);
    }

    public boolean isPlace() {
        return Places.isPlace(type);
    }

    /** Active on at least one day of [from, to]. */
    public boolean isActiveDuring(LocalDate from, LocalDate to) {
        return !activeFrom.isAfter(to) && (activeTo == null || !activeTo.isBefore(from));
    }
}
