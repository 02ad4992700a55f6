package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.PlaceTree;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** The local copy of a unit from units.v1: enough to validate lead and contributing units. */
@Entity
@Table(name = "known_unit")
public class KnownUnit {
    @Id
    public String code;

    @Column(name = "name_zh")
    public String nameZh;

    @Column(name = "name_en")
    public String nameEn;

    public String type;

    @Column(name = "parent_code")
    public String parentCode;

    @Column(name = "active_from")
    public LocalDate activeFrom;

    @Column(name = "active_to")
    public LocalDate activeTo;

    /** The official division code of a place; null for departments and agencies. */
    @Column(name = "division_code")
    public String divisionCode;

    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public PlaceTree.Unit asTreeUnit() {
        return new PlaceTree.Unit(code, type, parentCode, nameZh, nameEn, divisionCode, activeFrom, activeTo);
    }

    public boolean isActiveOn(LocalDate day) {
        return (activeFrom == null || !day.isBefore(activeFrom)) && (activeTo == null || !day.isAfter(activeTo));
    }
}
