package cn.fjquality.targets.rest;

/**
 * Texts and examples of the OpenAPI document that several operations share. Error descriptions name each code they
 * can carry in backticks: service-support's OpenApiContract (the mp.openapi.filter) turns every error answer into
 * application/problem+json with the Problem schema and one example per code named, and adds the answers every
 * operation can give (401, 406, 429, 503). Examples come from the seeded catalog (the 2025 outline
 * FJ-OUTLINE-2025, its target 食品抽检合格率 OL25-FOOD-SAMPLING-PASS-RATE led by FJ-AMR, reported by 福州市 and 厦门市).
 */
final class ApiDocs {
    private ApiDocs() {
    }

    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    static final String XLSX = cn.fjquality.tabular.Xlsx.MEDIA_TYPE;
    static final String XLSX_ANSWER = "An .xlsx workbook with the CSV's rows and columns: one sheet, Chinese headers (the CSV's column "
            + "names in Chinese), the header row frozen, numbers as numbers, a text cell starting with = + - @, a tab or a carriage "
            + "return gets a leading '";

    // ------------------------------------------------------------------ answers of several operations

    static final String FORBIDDEN_ADMIN = "无权限 / Forbidden: `FORBIDDEN` (only ADMIN keys may do this; at the gateway or here)";
    static final String BAD_JSON_BODY = "`MALFORMED_JSON` (not JSON, bad UTF-8, trailing garbage), `UNKNOWN_FIELD` (a field the "
            + "request does not have), `WRONG_TYPE` (a value of the wrong type or an unknown enum value)";
    static final String VALIDATION_BODY = "`VALIDATION_FAILED` (a shape constraint failed, or no body; errors[] names each field: "
            + "code and unit-code patterns, blank names, years outside 1990..2100, numbers over 15 integer or 6 fraction digits, "
            + "more than 20 lead or 200 contributing units)";
    static final String INVALID_TEXT = "`INVALID_TEXT` (a NUL character in a text)";
    static final String PAYLOAD_TOO_LARGE = "请求体过大 / Payload too large: `PAYLOAD_TOO_LARGE` (the body is over 1 MiB: "
            + "api.limits.max-body-size here, the route's limit at the gateway)";
    static final String UNSUPPORTED_MEDIA_TYPE = "不支持的媒体类型 / Unsupported media type: `UNSUPPORTED_MEDIA_TYPE` "
            + "(Content-Type is not application/json)";
    static final String TARGET_NOT_FOUND = "未找到 / Not found: `TARGET_NOT_FOUND` (no target with this code)";
    static final String TARGET_RULES = "`DEADLINE_OUTSIDE_PLAN`, `LEAD_UNIT_REQUIRED`, `DUPLICATE_UNIT`, "
            + "`UNIT_BOTH_LEAD_AND_CONTRIBUTING`, `INVALID_BOUNDS`, `BOUNDS_OUTSIDE_KIND`, `TARGET_VALUE_OUT_OF_BOUNDS`, "
            + "`BASELINE_REQUIRED`, `INVALID_BASELINE`, `BASELINE_OUT_OF_BOUNDS`, `SHARES_NEED_AGGREGATION`, "
            + "`INVALID_REPORT_DUE_AFTER`, `UNKNOWN_UNIT` (a lead or contributing unit this write adds is unknown or inactive); "
            + "checked in this order, the first broken rule answers (docs/targets-service.md, Validation)";
    static final String CSV_ANSWER = "CSV for Excel: UTF-8 with BOM, a header row, RFC 4180 quoting, CRLF line ends; a text cell "
            + "starting with = + - @, a tab or a carriage return gets a leading ' (against CSV injection). 导出为 CSV（UTF-8 带 BOM）。";

    // ------------------------------------------------------------------ parameters

    static final String TARGET_CODE = "指标代码 / Target code";
    static final String PLAN_FILTER = "规划代码 / Only this plan's targets";
    static final String SECTION_FILTER = "章节前缀 / Section prefix (二、(一) = the whole chapter)";
    static final String LEAD_FILTER = "牵头单位 / Only targets this unit leads";
    static final String AS_OF = "截至日期 / As of this day (yyyy-MM-dd, Asia/Shanghai): values reported by its end whose period "
            + "had started";
    static final String PERIOD = "期别 / A period id: 2024, 2024S1, 2024Q3 or 202407";

    // ------------------------------------------------------------------ examples

    // 食品抽检合格率 as the catalog gives it: a target's answer, its creation and its revision are built from these parts, so
    // the examples cannot drift apart. (Parts, not whole bodies: a JSON text without its braces, joined with ", ".)
    private static final String FOOD_CODE = "\"code\": \"OL25-FOOD-SAMPLING-PASS-RATE\"";
    private static final String FOOD_HEAD = """
            "planCode": "FJ-OUTLINE-2025", "section": "二、(一)1", "nameZh": "食品抽检合格率",
             "nameEn": "Food safety sampling inspection pass rate", "kind": "RATE", "comparator": "GE", "targetValue": 98.5,
             "unit": "%", "deadlineYear": 2025, "baseline": null, "direction": "INCREASE", "reportingFrequency": "YEAR",
             "aggregation": "RATIO", "lowerBound": 0, "upperBound": 100, "leadUnits": ["FJ-AMR"], "leadUnitsAssigned": true""";
    private static final String FOOD_SOURCE = """
            "sourceDocument": "001_bbe6214b5f05588b.txt",
             "sourceText": "到2025年,食品抽检合格率和水产品产地监督抽查合格率均达到98.5%以上\"""";
    /** The content of the catalog's entry: all ten city-level places contribute. */
    private static final String FOOD_CONTENT = FOOD_HEAD + """
            ,
             "contributingUnits": ["FJ-FUZHOU", "FJ-XIAMEN", "FJ-ZHANGZHOU", "FJ-QUANZHOU", "FJ-SANMING", "FJ-PUTIAN",
                                   "FJ-NANPING", "FJ-LONGYAN", "FJ-NINGDE", "FJ-PINGTAN"],
             """ + FOOD_SOURCE;
    private static final String FOOD_TIMES = ", \"retired\": false, \"retiredAt\": null, \"createdAt\": \"2025-01-06T02:00:00Z\"";

    static final String FOOD_TARGET = "{" + FOOD_CODE + ", " + FOOD_CONTENT
            + ", \"departmentFigures\": \"LEAD_FIGURE\", \"reportDueAfter\": null, \"revision\": 1" + FOOD_TIMES
            + ", \"updatedAt\": \"2025-01-06T02:00:00Z\"}";

    static final String FOOD_TARGET_PAGE = "{\"items\": [" + FOOD_TARGET + "], \"page\": 0, \"size\": 50, \"total\": 1}";

    static final String FOOD_CREATE = "{" + FOOD_CODE + ", " + FOOD_CONTENT + "}";

    private static final String FOOD_DUE_45_DAYS = ", \"departmentFigures\": \"LEAD_FIGURE\", \"reportDueAfter\": \"P45D\"";

    static final String FOOD_REVISE = "{" + FOOD_CONTENT + FOOD_DUE_45_DAYS + ", \"changeNote\": \"省统计局要求：年度数据次年2月14日前报送\"}";

    static final String FOOD_REVISED = "{" + FOOD_CODE + ", " + FOOD_CONTENT + FOOD_DUE_45_DAYS + ", \"revision\": 2" + FOOD_TIMES
            + ", \"updatedAt\": \"2025-03-02T01:30:00Z\"}";

    /** The content a revision keeps (two contributing cities, to keep the example short), before and after the change. */
    private static final String FOOD_REVISION_CONTENT = FOOD_HEAD
            + ", \"contributingUnits\": [\"FJ-FUZHOU\", \"FJ-XIAMEN\"], " + FOOD_SOURCE + ", \"departmentFigures\": \"LEAD_FIGURE\"";

    static final String FOOD_REVISIONS = """
            [{"revision": 2, "changeType": "REVISED", "changeSource": "API", "changedBy": "k3j5h2m4n6p7",
              "changedAt": "2025-03-02T01:30:00Z", "changeNote": "省统计局要求：年度数据次年2月14日前报送",
              "changedFields": ["reportDueAfter"], "retired": false,
              "target": {""" + FOOD_REVISION_CONTENT + """
            , "reportDueAfter": "P45D"}},
             {"revision": 1, "changeType": "PUBLISHED", "changeSource": "CATALOG", "changedBy": "catalog",
              "changedAt": "2025-01-06T02:00:00Z", "changeNote": null, "changedFields": [], "retired": false,
              "target": {""" + FOOD_REVISION_CONTENT + """
            , "reportDueAfter": null}}]""";

    static final String OUTLINE = """
            {"code": "FJ-OUTLINE-2025", "titleZh": "福建省质量强省建设纲要",
             "titleEn": "Fujian Province Outline for Building a Quality-Strong Province", "issuer": "中共福建省委 福建省人民政府",
             "issuedDate": "2023-04-17", "startYear": 2021, "endYear": 2025, "sourceDocument": "001_bbe6214b5f05588b.txt",
             "targetCount": 49}""";

    static final String OUTLINE_DETAIL = """
            {"code": "FJ-OUTLINE-2025", "titleZh": "福建省质量强省建设纲要",
             "titleEn": "Fujian Province Outline for Building a Quality-Strong Province", "issuer": "中共福建省委 福建省人民政府",
             "issuedDate": "2023-04-17", "startYear": 2021, "endYear": 2025, "sourceDocument": "001_bbe6214b5f05588b.txt",
             "targetCount": 49, "retiredTargetCount": 0,
             "targetCountsByKind": {"RATE": 7, "INDEX": 1, "LEVEL": 11, "CUMULATIVE": 27, "ANNUAL": 2, "RELATIVE_CHANGE": 1}}""";

    static final String PLANS_CSV = "code,titleZh,titleEn,issuer,issuedDate,startYear,endYear,sourceDocument,targetCount\r\n"
            + "FJ-OUTLINE-2025,福建省质量强省建设纲要,Fujian Province Outline for Building a Quality-Strong Province,"
            + "中共福建省委 福建省人民政府,2023-04-17,2021,2025,001_bbe6214b5f05588b.txt,49\r\n";

    static final String TARGETS_CSV = "code,planCode,section,nameZh,nameEn,kind,comparator,targetValue,unit,deadlineYear,"
            + "baselineYear,baselineValue,direction,reportingFrequency,aggregation,lowerBound,upperBound,leadUnits,leadUnitsAssigned,"
            + "contributingUnits,sourceDocument,sourceText,departmentFigures,reportDueAfter,revision,retired,updatedAt\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,FJ-OUTLINE-2025,二、(一)1,食品抽检合格率,Food safety sampling inspection pass rate,"
            + "RATE,GE,98.5,%,2025,,,INCREASE,YEAR,RATIO,0,100,FJ-AMR,true,FJ-FUZHOU;FJ-XIAMEN;FJ-ZHANGZHOU;FJ-QUANZHOU;"
            + "FJ-SANMING;FJ-PUTIAN;FJ-NANPING;FJ-LONGYAN;FJ-NINGDE;FJ-PINGTAN,001_bbe6214b5f05588b.txt,"
            + "\"到2025年,食品抽检合格率和水产品产地监督抽查合格率均达到98.5%以上\",LEAD_FIGURE,,1,false,2025-01-06T02:00:00Z\r\n";

    /** 食品抽检合格率 for the province, 2023 and 2024 rolled up from 福州市 and 厦门市 (Σnumerator / Σdenominator). */
    static final String FOOD_2024_FIGURE = """
            {"period": "2024", "start": "2024-01-01", "end": "2024-12-31", "coveredThrough": "2024-12-31", "value": 98.35,
             "numerator": 19670, "denominator": 20000, "source": "ROLLED_UP", "reportedBy": [],
             "rolledUpFrom": ["FJ-FUZHOU", "FJ-XIAMEN"], "placesCovered": 2, "placesTotal": 10, "monthsCovered": null,
             "monthsTotal": null, "status": "SUBMITTED", "used": null, "flagged": false, "checks": [], "otherReports": []}""";

    static final String FOOD_PROGRESS_DETAIL = """
            {"targetCode": "OL25-FOOD-SAMPLING-PASS-RATE", "nameZh": "食品抽检合格率",
             "nameEn": "Food safety sampling inspection pass rate", "scope": "PROVINCE", "place": "FJ", "asOf": "2025-03-02",
             "kind": "RATE", "comparator": "GE", "targetValue": 98.5, "unit": "%", "planStartYear": 2021, "deadlineYear": 2025,
             "baselineYear": null, "baselineValue": null, "direction": "INCREASE", "aggregation": "RATIO",
             "departmentFigures": "LEAD_FIGURE", "status": "ON_TRACK", "actual": 98.35, "gap": 0.15,
             "percentOfTarget": 99.847716, "forecast": 98.8, "progressRatio": 1.5, "baseline": 97.9,
             "baselineSource": "FIRST_REPORT",
             "method": "the province: its own figure where reported (or derived from its finer periods), else the roll-up of the places below; RETURNED values left out; latest level 2024; forecast: least-squares line through 2 yearly point(s) at the end of 2025; baseline = the first report (2023)",
             "lastReportAt": "2025-02-20T03:12:00Z", "coveredThrough": "2024-12-31", "stale": false,
             "thresholds": {"onTrackFrom": 0.95, "needsAccelerationFrom": 0.6, "offTrackFrom": 0, "reportingFrequency": "YEAR",
                            "reportDueAfter": "P3M", "latestDuePeriod": "2023", "reconciliationTolerance": 0.05,
                            "approvedOnly": false},
             "series": [
               {"period": "2023", "start": "2023-01-01", "end": "2023-12-31", "coveredThrough": "2023-12-31", "value": 97.9,
                "numerator": 19580, "denominator": 20000, "source": "ROLLED_UP", "reportedBy": [],
                "rolledUpFrom": ["FJ-FUZHOU", "FJ-XIAMEN"], "placesCovered": 2, "placesTotal": 10, "monthsCovered": null,
                "monthsTotal": null, "status": "APPROVED", "used": true, "flagged": false, "checks": [], "otherReports": []},
               {"period": "2024", "start": "2024-01-01", "end": "2024-12-31", "coveredThrough": "2024-12-31", "value": 98.35,
                "numerator": 19670, "denominator": 20000, "source": "ROLLED_UP", "reportedBy": [],
                "rolledUpFrom": ["FJ-FUZHOU", "FJ-XIAMEN"], "placesCovered": 2, "placesTotal": 10, "monthsCovered": null,
                "monthsTotal": null, "status": "SUBMITTED", "used": true, "flagged": false, "checks": [], "otherReports": []}]}""";

    static final String FOOD_SERIES_CSV = "period,start,end,coveredThrough,value,numerator,denominator,source,reportedBy,"
            + "rolledUpFrom,placesCovered,placesTotal,monthsCovered,monthsTotal,status,used,flagged,reconciliation\r\n"
            + "2023,2023-01-01,2023-12-31,2023-12-31,97.9,19580,20000,ROLLED_UP,,FJ-FUZHOU;FJ-XIAMEN,2,10,,,APPROVED,true,false,\r\n"
            + "2024,2024-01-01,2024-12-31,2024-12-31,98.35,19670,20000,ROLLED_UP,,FJ-FUZHOU;FJ-XIAMEN,2,10,,,SUBMITTED,true,false,\r\n";

    static final String FOOD_PROGRESS_ROW = """
            {"code": "OL25-FOOD-SAMPLING-PASS-RATE", "planCode": "FJ-OUTLINE-2025", "section": "二、(一)1",
             "nameZh": "食品抽检合格率", "nameEn": "Food safety sampling inspection pass rate", "kind": "RATE", "unit": "%",
             "comparator": "GE", "targetValue": 98.5, "deadlineYear": 2025, "leadUnits": ["FJ-AMR"], "actual": 98.35,
             "gap": 0.15, "percentOfTarget": 99.847716, "status": "ON_TRACK", "forecast": 98.8, "progressRatio": 1.5,
             "lastReportAt": "2025-02-20T03:12:00Z", "stale": false, "asOf": "2025-03-02",
             "computedAt": "2025-03-02T01:30:00Z", "lastPeriod": "2024", "coveredThrough": "2024-12-31", "source": "ROLLED_UP",
             "placesCovered": 2, "placesTotal": 10, "flaggedPeriods": 0}""";

    static final String FOOD_PROGRESS_PAGE = "{\"items\": [" + FOOD_PROGRESS_ROW + "], \"page\": 0, \"size\": 1, \"total\": 49}";

    static final String PROGRESS_CSV = "code,planCode,section,nameZh,nameEn,kind,unit,comparator,targetValue,deadlineYear,"
            + "leadUnits,actual,gap,percentOfTarget,status,forecast,progressRatio,lastReportAt,stale,asOf,lastPeriod,coveredThrough,"
            + "source,placesCovered,placesTotal,flaggedPeriods\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,FJ-OUTLINE-2025,二、(一)1,食品抽检合格率,Food safety sampling inspection pass rate,"
            + "RATE,%,GE,98.5,2025,FJ-AMR,98.35,0.15,99.847716,ON_TRACK,98.8,1.5,2025-02-20T03:12:00Z,false,2025-03-02,2024,"
            + "2024-12-31,ROLLED_UP,2,10,0\r\n";

    static final String FOOD_CITIES = """
            {"targetCode": "OL25-FOOD-SAMPLING-PASS-RATE", "nameZh": "食品抽检合格率",
             "nameEn": "Food safety sampling inspection pass rate", "kind": "RATE", "unit": "%", "aggregation": "RATIO",
             "direction": "INCREASE", "comparator": "GE", "targetValue": 98.5, "period": "2024",
             "province": """ + FOOD_2024_FIGURE + """
            ,
             "cities": [
               {"code": "FJ-FUZHOU", "nameZh": "福州市", "nameEn": "Fuzhou", "divisionCode": "350100", "value": 98.7,
                "numerator": 9870, "denominator": 10000, "source": "REPORTED", "placesCovered": null, "placesTotal": null,
                "coveredThrough": "2024-12-31", "flagged": false, "status": "ACHIEVED", "rank": 1, "shareOfProvince": null},
               {"code": "FJ-XIAMEN", "nameZh": "厦门市", "nameEn": "Xiamen", "divisionCode": "350200", "value": 98,
                "numerator": 9800, "denominator": 10000, "source": "REPORTED", "placesCovered": null, "placesTotal": null,
                "coveredThrough": "2024-12-31", "flagged": false, "status": "ON_TRACK", "rank": 2, "shareOfProvince": null},
               {"code": "FJ-PUTIAN", "nameZh": "莆田市", "nameEn": "Putian", "divisionCode": "350300", "value": null,
                "numerator": null, "denominator": null, "source": null, "placesCovered": null, "placesTotal": null,
                "coveredThrough": null, "flagged": false, "status": "NO_DATA", "rank": null, "shareOfProvince": null}]}""";

    static final String FOOD_PLAN_CITIES = "{\"plan\": \"FJ-OUTLINE-2025\", \"targets\": [" + FOOD_CITIES + "]}";

    static final String CITIES_CSV = "targetCode,targetNameZh,period,cityCode,cityNameZh,divisionCode,value,numerator,"
            + "denominator,source,placesCovered,placesTotal,coveredThrough,flagged,status,rank,shareOfProvince,provinceValue,"
            + "provinceSource\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,食品抽检合格率,2024,FJ-FUZHOU,福州市,350100,98.7,9870,10000,REPORTED,,,2024-12-31,"
            + "false,ACHIEVED,1,,98.35,ROLLED_UP\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,食品抽检合格率,2024,FJ-XIAMEN,厦门市,350200,98,9800,10000,REPORTED,,,2024-12-31,"
            + "false,ON_TRACK,2,,98.35,ROLLED_UP\r\n";

    static final String OUTLINE_SUMMARY = """
            {"plan": "FJ-OUTLINE-2025", "total": 49, "stale": 40,
             "byStatus": {"ACHIEVED": 3, "ON_TRACK": 4, "NEEDS_ACCELERATION": 1, "OFF_TRACK": 0, "DETERIORATING": 0,
                          "NO_DATA": 41, "NOT_APPLICABLE": 0},
             "bySection": [{"key": "二、(一)", "total": 9, "stale": 7,
                            "byStatus": {"ACHIEVED": 1, "ON_TRACK": 1, "NEEDS_ACCELERATION": 0, "OFF_TRACK": 0,
                                         "DETERIORATING": 0, "NO_DATA": 7, "NOT_APPLICABLE": 0}}],
             "byLeadUnit": [{"key": "FJ-AMR", "total": 30, "stale": 24,
                             "byStatus": {"ACHIEVED": 2, "ON_TRACK": 3, "NEEDS_ACCELERATION": 1, "OFF_TRACK": 0,
                                          "DETERIORATING": 0, "NO_DATA": 24, "NOT_APPLICABLE": 0}}]}""";
}
