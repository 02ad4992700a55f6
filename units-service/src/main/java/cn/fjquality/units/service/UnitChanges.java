package cn.fjquality.units.service;

import cn.fjquality.units.domain.UnitType;

import java.time.LocalDate;
import java.util.List;

/** The changes {@link UnitService#update} applies (merge-patch): a null field stays as it is. */
public record UnitChanges(String nameZh, String nameEn, UnitType type, String parentCode, String divisionCode,
                          LocalDate activeFrom, List<String> aliases, String note, String contactName, String contactEmail,
                          String contactPhone) {
}
