package cn.fjquality.units.rest;

import cn.fjquality.units.domain.Unit;
import cn.fjquality.units.domain.UnitType;
import cn.fjquality.units.service.NewUnit;
import cn.fjquality.units.service.UnitChanges;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Request and response bodies of the units API. */
public final class UnitDtos {
    public static final String CODE_PATTERN = "^[A-Z0-9][A-Z0-9-]{0,31}$";
    /** Six ASCII digits ([0-9], not any Unicode digit). */
    public static final String DIVISION_CODE_PATTERN = "^[0-9]{6}$";
    public static final String DIVISION_CODE_MESSAGE = "must be six ASCII digits (an administrative-division code such as 350102)";
    static final String DIVISION_CODE_DESCRIPTION = "Official administrative-division code (统计用区划代码, six digits) of a place. "
            + "Only PROVINCE, CITY and COUNTY units carry one (DIVISION_CODE_NOT_APPLICABLE otherwise); no two units share "
            + "one (DIVISION_CODE_TAKEN). Units can be looked up by it: GET /api/v1/units?division=";

    static final String CONTACT_DESCRIPTION = "Contact detail, shown only to ADMIN keys and to REPORTER keys that may act "
            + "for the unit (the unit's own key, or a subtree key of a unit above it); null for every other key";

    private UnitDtos() {
    }

    @Schema(name = "CreateUnit")
    public record CreateUnitRequest(
            @Schema(example = "FJ-FUZHOU-GULOU", description = "Stable code: uppercase ASCII letters, digits and '-', at most 32")
            @NotNull @Pattern(regexp = CODE_PATTERN, message = "must be uppercase ASCII letters, digits and '-', at most 32") String code,
            @Schema(example = "鼓楼区") @NotBlank @Size(max = 200) String nameZh,
            @Schema(example = "Gulou District") @NotBlank @Size(max = 300) String nameEn,
            @Schema(example = "COUNTY") @NotNull UnitType type,
            @Schema(nullable = true, example = "FJ-FUZHOU") @Pattern(regexp = CODE_PATTERN) String parentCode,
            @Schema(nullable = true, example = "350102", description = DIVISION_CODE_DESCRIPTION)
            @Pattern(regexp = DIVISION_CODE_PATTERN, message = DIVISION_CODE_MESSAGE) String divisionCode,
            @Schema(nullable = true, example = "2024-01-01", description = "Defaults to today") LocalDate activeFrom,
            @Schema(nullable = true, description = "Last active day, if already known") LocalDate activeTo,
            @Schema(nullable = true) @Size(max = 20) List<@NotBlank @Size(max = 100) String> aliases,
            @Schema(nullable = true) @Size(max = 500) String note,
            @Schema(nullable = true, example = "张三") @Size(max = 100) String contactName,
            @Schema(nullable = true, example = "stats@gulou.example.cn") @Email @Size(max = 200) String contactEmail,
            @Schema(nullable = true, example = "0591-87000000") @Size(max = 50) String contactPhone) {

        public NewUnit toNewUnit() {
            return new NewUnit(code, nameZh, nameEn, type, parentCode, divisionCode, activeFrom, activeTo, aliases, note,
                    contactName, contactEmail, contactPhone);
        }
    }

    /** PATCH: absent (null) fields stay as they are. */
    @Schema(name = "UpdateUnit")
    public record UpdateUnitRequest(
            @Schema(nullable = true) @Size(min = 1, max = 200) String nameZh,
            @Schema(nullable = true) @Size(min = 1, max = 300) String nameEn,
            @Schema(nullable = true, description = "A unit that has a division code cannot become a department or agency (DIVISION_CODE_NOT_APPLICABLE)")
            UnitType type,
            @Schema(nullable = true) @Pattern(regexp = CODE_PATTERN) String parentCode,
            @Schema(nullable = true, example = "350102", description = DIVISION_CODE_DESCRIPTION + ". Absent or null: unchanged.")
            @Pattern(regexp = DIVISION_CODE_PATTERN, message = DIVISION_CODE_MESSAGE) String divisionCode,
            @Schema(nullable = true) LocalDate activeFrom,
            @Schema(nullable = true) @Size(max = 20) List<@NotBlank @Size(max = 100) String> aliases,
            @Schema(nullable = true) @Size(max = 500) String note,
            @Schema(nullable = true) @Size(max = 100) String contactName,
            @Schema(nullable = true) @Email @Size(max = 200) String contactEmail,
            @Schema(nullable = true) @Size(max = 50) String contactPhone) {

        public UnitChanges toChanges() {
            return new UnitChanges(nameZh, nameEn, type, parentCode, divisionCode, activeFrom, aliases, note, contactName,
                    contactEmail, contactPhone);
        }
    }

    @Schema(name = "DeactivateUnit")
    public record DeactivateRequest(@Schema(nullable = true, example = "2025-12-31", description = "Last active day; defaults to today") LocalDate activeTo) {
    }

    @Schema(name = "Unit")
    public record UnitResponse(
            @Schema(example = "FJ-AMR") String code,
            @Schema(example = "福建省市场监督管理局") String nameZh,
            @Schema(example = "Fujian Administration for Market Regulation") String nameEn,
            UnitType type,
            @Schema(example = "FJ", nullable = true) String parentCode,
            @Schema(nullable = true, example = "350102", description = "Official administrative-division code (统计用区划代码) of a place "
                    + "(PROVINCE, CITY, COUNTY); null for departments and agencies")
            String divisionCode,
            LocalDate activeFrom,
            @Schema(nullable = true) LocalDate activeTo,
            boolean active,
            List<String> aliases,
            @Schema(nullable = true) String note,
            @Schema(nullable = true, description = CONTACT_DESCRIPTION) String contactName,
            @Schema(nullable = true, description = CONTACT_DESCRIPTION) String contactEmail,
            @Schema(nullable = true, description = CONTACT_DESCRIPTION) String contactPhone,
            long version,
            Instant createdAt,
            Instant updatedAt) {

        /** @param withContacts whether the caller may read the unit's contact details; null fields when not */
        public static UnitResponse of(Unit u, LocalDate today, boolean withContacts) {
            return new UnitResponse(u.code, u.nameZh, u.nameEn, u.type, u.parentCode, u.divisionCode, u.activeFrom, u.activeTo,
                    u.isActiveOn(today), List.copyOf(u.aliases), u.note,
                    withContacts ? u.contactName : null, withContacts ? u.contactEmail : null, withContacts ? u.contactPhone : null,
                    u.version, u.createdAt, u.updatedAt);
        }
    }

    @Schema(name = "UnitPage")
    public record UnitPage(List<UnitResponse> items, int page, int size, long total) {
    }
}
