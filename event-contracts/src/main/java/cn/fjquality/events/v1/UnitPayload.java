package cn.fjquality.events.v1;

import java.time.LocalDate;

/**
 * The state of a reporting unit after the change, so consumers can keep a local copy.
 *
 * @param divisionCode the official administrative-division code (GB/T 2260, six digits, e.g. {@code 350102}) of a
 *                     place (PROVINCE, CITY, COUNTY); null for departments and agencies, and in events written before
 *                     places had codes (added to schema version 1 as an optional field)
 */
public record UnitPayload(
        String code,
        String nameZh,
        String nameEn,
        String type,
        String parentCode,
        LocalDate activeFrom,
        LocalDate activeTo,
        long version,
        String divisionCode) {
}
