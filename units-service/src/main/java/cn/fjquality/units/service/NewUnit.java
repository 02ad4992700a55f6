package cn.fjquality.units.service;

import cn.fjquality.units.domain.UnitType;

import java.time.LocalDate;
import java.util.List;

/**
 * A unit to register, as {@link UnitService#create} takes it: the fields an ADMIN gives, already shape-checked by the
 * REST layer (which maps its request body to this); the service checks the rules that need the registry.
 *
 * @param activeFrom null: today
 * @param aliases    null: none
 */
public record NewUnit(String code, String nameZh, String nameEn, UnitType type, String parentCode, String divisionCode,
                      LocalDate activeFrom, LocalDate activeTo, List<String> aliases, String note, String contactName,
                      String contactEmail, String contactPhone) {
}
