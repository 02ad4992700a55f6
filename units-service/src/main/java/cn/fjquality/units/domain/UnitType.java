package cn.fjquality.units.domain;

public enum UnitType {
    PROVINCE,
    PROVINCIAL_DEPARTMENT,
    CENTRAL_AGENCY_BRANCH,
    CITY,
    COUNTY,
    OTHER
}
