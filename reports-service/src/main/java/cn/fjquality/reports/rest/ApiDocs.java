package cn.fjquality.reports.rest;

/**
 * Texts and examples of the OpenAPI document that several operations share. Error descriptions name each code they
 * can carry in backticks: service-support's OpenApiContract (the mp.openapi.filter) turns every error answer into
 * application/problem+json with the Problem schema and one example per code named, and adds the answers every
 * operation can give (401, 406, 429, 503). Examples come from the seeded catalog and registry: 福州市
 * (FJ-FUZHOU) reports 食品抽检合格率 (OL25-FOOD-SAMPLING-PASS-RATE, led by FJ-AMR) for 2024; 鼓楼区 is 350102.
 */
final class ApiDocs {
    private ApiDocs() {
    }

    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    static final String XLSX = cn.fjquality.tabular.Xlsx.MEDIA_TYPE;

    // ------------------------------------------------------------------ answers of several operations

    static final String FORBIDDEN_ROLE = "`FORBIDDEN` (the role reads nothing here: the gateway's own GATEWAY role)";
    static final String FORBIDDEN_READ = "无权限 / Forbidden: " + FORBIDDEN_ROLE;
    static final String FORBIDDEN_WRITE = "`FORBIDDEN` (ANALYST keys only read; the gateway's own GATEWAY role reads nothing "
            + "here)";
    static final String BAD_JSON_BODY = "`MALFORMED_JSON` (not JSON, bad UTF-8, trailing garbage), `UNKNOWN_FIELD` (a field the "
            + "request does not have), `WRONG_TYPE` (a value of the wrong type)";
    static final String INVALID_TEXT = "`INVALID_TEXT` (a NUL character in a text)";
    static final String PAYLOAD_TOO_LARGE = "请求体过大 / Payload too large: `PAYLOAD_TOO_LARGE` (the body is over the route's "
            + "limit at the gateway, 1 MB for measurements and 64 MB for imports, or over 64 MiB here: api.limits.max-body-size)";
    static final String UNSUPPORTED_MEDIA_TYPE = "不支持的媒体类型 / Unsupported media type: `UNSUPPORTED_MEDIA_TYPE` "
            + "(Content-Type is not application/json)";
    static final String MEASUREMENT_NOT_FOUND = "未找到 / Not found: `MEASUREMENT_NOT_FOUND` (no measurement with this id, an "
            + "id that is not a UUID, or one outside a REPORTER key's scope)";
    static final String REVIEW_FORBIDDEN = "无权审核 / Forbidden: " + FORBIDDEN_WRITE + ", `REVIEW_NOT_ALLOWED` (a REPORTER key not "
            + "bound to a lead unit of the target, or a lead unit's key for a value its own unit reported), "
            + "`SELF_REVIEW_NOT_ALLOWED` (four-eyes rule: the key that submitted the current revision, or a key of the unit "
            + "whose key submitted it; docs/reports-service.md, Review)";
    static final String MEASUREMENT_ID = "数值编号 / Measurement id (UUID)";

    static final String VALIDATION_CODES = "`MISSING_FIELD`, `UNKNOWN_TARGET`, `TARGET_RETIRED`, `UNKNOWN_UNIT`, "
            + "`UNIT_NOT_ALLOWED`, `UNKNOWN_PLACE`, `PLACE_NOT_ALLOWED`, `MALFORMED_PERIOD`, `WRONG_FREQUENCY`, `FUTURE_PERIOD`, "
            + "`PERIOD_OUTSIDE_PLAN`, `UNIT_INACTIVE`, `COMMENT_TOO_LONG`, `VALUE_NOT_NUMERIC`, `VALUE_NOT_FINITE`, "
            + "`VALUE_TOO_PRECISE`, `RATIO_NOT_APPLICABLE`, `RATIO_INCOMPLETE`, `DENOMINATOR_NOT_POSITIVE`, "
            + "`NUMERATOR_EXCEEDS_DENOMINATOR`, `RATIO_MISMATCH`, `VALUE_OUT_OF_BOUNDS` (checked in the order of "
            + "docs/reports-service.md, Validation codes; the first failure answers, with errors[0].field)";

    // ------------------------------------------------------------------ examples

    static final String FUZHOU_FOOD_2024 = """
            {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "period": "2024", "value": 98.7,
             "numerator": 9870, "denominator": 10000, "comment": "含县级抽检"}""";

    static final String AMR_STANDARDS_2024 = """
            {"target": "OL25-PUBLIC-MEASUREMENT-STANDARDS", "unit": "FJ-AMR", "period": "2024", "value": 2460}""";

    static final String GULOU_FOOD_2024 = """
            {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "place": "350102", "period": "2024",
             "numerator": 1480, "denominator": 1500}""";

    // 福州市's 2024 value as stored, in each review state: built from the same parts, so the examples cannot drift apart.
    // (Parts, not whole bodies: a JSON text without its braces, joined with ", ".)
    private static final String FUZHOU_FOOD_2024_VALUE = """
            "id": "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d", "target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU",
             "place": "FJ-FUZHOU", "period": "2024", "frequency": "YEAR", "revision": 1, "value": 98.7, "numerator": 9870,
             "denominator": 10000, "comment": "含县级抽检\"""";
    private static final String FUZHOU_FOOD_2024_SUBMISSION = """
            "followUp": false, "zScore": null,
             "firstSubmittedAt": "2025-02-20T03:12:00.123456Z", "submittedAt": "2025-02-20T03:12:00.123456Z",
             "submittedBy": "k3j5h2m4n6p7", "submittedByUnit": "FJ-FUZHOU", "onBehalf": false""";
    private static final String FUZHOU_FOOD_2024_REVIEWED = "\"reviewedAt\": \"2025-02-21T01:00:00Z\", \"reviewedBy\": \"m4n6p7q8r9s2\"";

    static final String FUZHOU_FOOD_2024_STORED = "{" + FUZHOU_FOOD_2024_VALUE + ", \"status\": \"SUBMITTED\", "
            + FUZHOU_FOOD_2024_SUBMISSION + ", \"reviewedAt\": null, \"reviewedBy\": null, \"reviewReason\": null}";

    static final String FUZHOU_FOOD_2024_APPROVED = "{" + FUZHOU_FOOD_2024_VALUE + ", \"status\": \"APPROVED\", "
            + FUZHOU_FOOD_2024_SUBMISSION + ", " + FUZHOU_FOOD_2024_REVIEWED + ", \"reviewReason\": null}";

    static final String FUZHOU_FOOD_2024_RETURNED = "{" + FUZHOU_FOOD_2024_VALUE + ", \"status\": \"RETURNED\", "
            + FUZHOU_FOOD_2024_SUBMISSION + ", " + FUZHOU_FOOD_2024_REVIEWED + ", \"reviewReason\": \"分母口径与上季度不一致，请核实\"}";

    static final String FUZHOU_FOOD_PAGE = "{\"items\": [" + FUZHOU_FOOD_2024_STORED + "], \"page\": 0, \"size\": 50, \"total\": 1}";

    static final String MEASUREMENTS_CSV = "id,target,unit,place,period,value,numerator,denominator,status,followUp,revision,"
            + "submittedAt,submittedBy,comment\r\n"
            + "3f0c9a3e-8a3c-4c1e-9b0e-2d6f5a7b8c9d,OL25-FOOD-SAMPLING-PASS-RATE,FJ-FUZHOU,FJ-FUZHOU,2024,98.7,9870,10000,"
            + "SUBMITTED,false,1,2025-02-20T03:12:00.123456Z,k3j5h2m4n6p7,含县级抽检\r\n";

    static final String FUZHOU_FOOD_REVISIONS = """
            [{"revision": 1, "value": 98.6, "numerator": 9860, "denominator": 10000, "comment": null, "previousValue": null,
              "followUp": false, "zScore": null, "submittedAt": "2025-02-18T02:00:00Z", "submittedBy": "k3j5h2m4n6p7",
              "submittedByUnit": "FJ-FUZHOU", "onBehalf": false, "importId": "7d9e1f20-4b3a-4c5d-8e6f-0a1b2c3d4e5f"},
             {"revision": 2, "value": 98.7, "numerator": 9870, "denominator": 10000, "comment": "含县级抽检",
              "previousValue": 98.6, "followUp": false, "zScore": null, "submittedAt": "2025-02-20T03:12:00.123456Z",
              "submittedBy": "k3j5h2m4n6p7", "submittedByUnit": "FJ-FUZHOU", "onBehalf": false, "importId": null}]""";

    static final String IMPORT_JSON = """
            {"measurements": [
              {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "period": "2024", "numerator": 9870, "denominator": 10000},
              {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "place": "350102", "period": "2024", "numerator": 1480, "denominator": 1500},
              {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "period": "2024Q5", "value": 98.7}]}""";

    static final String IMPORT_CSV = "target,unit,place,period,value,numerator,denominator,comment\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,FJ-FUZHOU,,2024,,9870,10000,\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,FJ-FUZHOU,350102,2024,,1480,1500,鼓楼区\r\n"
            + "OL25-FOOD-SAMPLING-PASS-RATE,FJ-FUZHOU,,2024Q5,98.7,,,\r\n";

    static final String IMPORT_SUMMARY = """
            {"importId": "7d9e1f20-4b3a-4c5d-8e6f-0a1b2c3d4e5f", "dryRun": false, "status": "WARNING",
             "counts": {"total": 3, "imported": 2, "updated": 0, "ignored": 0, "rejected": 1, "followUp": 0},
             "conflicts": [{"row": 3, "field": "period", "code": "MALFORMED_PERIOD",
                            "message": "Period 2024Q5 is not one of YYYY, YYYYS1..S2, YYYYQ1..Q4, YYYYMM"}],
             "conflictsTruncated": false}""";

    static final String COMPLETENESS_2024 = """
            {"period": "2024", "frequency": "YEAR", "deadline": "2025-03-31", "deadlinePassed": false, "owed": 2, "reported": 1,
             "onTime": 1, "late": 0, "missing": 1, "overdue": 0, "reportingRate": 0.5, "onTimeRate": 0.5,
             "items": [{"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-AMR", "unitType": "PROVINCIAL_DEPARTMENT",
                        "lead": true, "place": "FJ", "dueDate": "2025-03-31", "reported": false, "reportedAs": null,
                        "firstSubmittedAt": null, "onTime": false, "late": false, "overdue": false, "status": "PENDING"},
                       {"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "unitType": "CITY", "lead": false,
                        "place": "FJ-FUZHOU", "dueDate": "2025-03-31", "reported": true, "reportedAs": "PERIOD",
                        "firstSubmittedAt": "2025-02-20T03:12:00.123456Z", "onTime": true, "late": false, "overdue": false,
                        "status": "ON_TIME"}]}""";
}
