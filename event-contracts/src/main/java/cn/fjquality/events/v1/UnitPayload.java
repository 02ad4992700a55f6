package cn.fjquality.events.v1;

import java.time.LocalDate;

/** The state of a reporting unit after the change, so consumers can keep a local copy. */
public record UnitPayload(
        String code,
        String nameZh,
        String nameEn,
        String type,
        String parentCode,
        LocalDate activeFrom,
        LocalDate activeTo,
        long version) {
}
