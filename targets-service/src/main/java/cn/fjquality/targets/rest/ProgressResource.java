package cn.fjquality.targets.rest;

import cn.fjquality.problem.QueryParams;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.targets.domain.TargetRepository.TargetFilter;
import cn.fjquality.targets.domain.progress.ProgressStatus;
import cn.fjquality.targets.rest.ProgressDtos.GroupCounts;
import cn.fjquality.targets.rest.ProgressDtos.ProgressPage;
import cn.fjquality.targets.rest.ProgressDtos.ProgressRowResponse;
import cn.fjquality.targets.rest.ProgressDtos.SummaryResponse;
import cn.fjquality.targets.service.CityComparison;
import cn.fjquality.targets.service.ProgressQueries;
import cn.fjquality.events.period.Period;
import cn.fjquality.targets.service.ProgressService;
import cn.fjquality.targets.service.ProgressQueries.ProgressView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

@Path("/api/v1/progress")
@Tag(name = "Progress", description = ProgressResource.METHOD_DESC)
@SecurityRequirement(name = "callerToken")
@APIResponse(responseCode = "401", description = ApiDocs.UNAUTHENTICATED,
        headers = @Header(name = "WWW-Authenticate", description = ApiDocs.WWW_AUTHENTICATE, schema = @Schema(type = SchemaType.STRING)))
@APIResponse(responseCode = "406", description = ApiDocs.NOT_ACCEPTABLE)
@APIResponse(responseCode = "429", description = ApiDocs.RATE_LIMITED,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
@APIResponse(responseCode = "503", description = ApiDocs.DATABASE_UNAVAILABLE,
        headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)))
public class ProgressResource {
    /** The method, stated once for the OpenAPI document. */
    static final String METHOD_DESC = "Target vs actual, from the values reported on measurements.v1. "
            + "PLACES: a value describes a place (the province, a city, a county) and is reported by a unit; a department's "
            + "value is a province-wide figure unless it names a place. A place's figure for a period is its own reported "
            + "figure where there is one (several reporters: the target's departmentFigures, LEAD_FIGURE or SUM_OF_SHARES), "
            + "else derived from its own values for finer periods (flows add up, ratios Σnumerator/Σdenominator, levels the "
            + "latest), else the roll-up of the places below it, recursively county → city → province (SUM: Σ; RATIO: "
            + "Σnumerator/Σdenominator of the figures that carry both, never a mean of rates; LEAD_UNIT_ONLY: none); never "
            + "two at once. Each figure says its source (REPORTED, DERIVED, ROLLED_UP) and its coverage (k of n places below, "
            + "months of the period). Where a reported figure and its roll-up (or its finer periods) both exist both are "
            + "shown with their difference, flagged when a complete one differs by more than progress.reconciliation.tolerance. "
            + "STATUS, in this order: ACHIEVED when the actual already satisfies the comparator; otherwise by the forecast ratio "
            + "P = (forecast − baseline) / (target − baseline): ON_TRACK (P ≥ 0.95), NEEDS_ACCELERATION (0.6 ≤ P < 0.95), "
            + "OFF_TRACK (0 ≤ P < 0.6), DETERIORATING (P < 0); NO_DATA without values; NOT_APPLICABLE for a city or county of a "
            + "SUM target (a province total is not their target). Thresholds of the SDG progress assessments of Statistics "
            + "Canada and Eurostat. Actual by kind: RATE/INDEX/LEVEL the latest level; CUMULATIVE the sum since the plan's "
            + "start; ANNUAL the latest year's amount; RELATIVE_CHANGE the change from the baseline. Forecast: cumulative "
            + "kinds extend the pace so far linearly to the end of the deadline year; levels fit a least-squares line through "
            + "the last (up to five) yearly points; a running year of an ANNUAL target is extended by its pace. BASELINE: as "
            + "stated on the target, else the scope's figure for the base year (reportable even before the plan starts), else "
            + "the first report (labelled FIRST_REPORT; 0 for cumulative and annual kinds; a RELATIVE_CHANGE target without "
            + "its base-year figure is NO_DATA). RETURNED values never count (progress.approved-only: only APPROVED ones). "
            + "STALE: the latest period whose report is due (YEAR 31 March of the next year, HALF and QUARTER 30 days, "
            + "MONTH 15 days after the period, or the target's reportDueAfter; no later than the deadline year) has no figure. "
            + "考核方法：地区数据优先本级报送，否则由下级汇总（比率为分子和/分母和），不重复计算。";
    static final String READERS = " Roles: ADMIN, ANALYST, REPORTER, GATEWAY.";
    static final List<String> CSV_HEADER = List.of("code", "planCode", "section", "nameZh", "nameEn", "kind", "unit",
            "comparator", "targetValue", "deadlineYear", "leadUnits", "actual", "gap", "percentOfTarget", "status", "forecast",
            "progressRatio", "lastReportAt", "stale", "asOf", "lastPeriod", "coveredThrough", "source", "placesCovered",
            "placesTotal", "flaggedPeriods");

    private final ProgressQueries queries;
    private final ProgressService service;
    private final CityComparison cities;

    private final CallerContext callers;

    public ProgressResource(ProgressQueries queries, ProgressService service, CityComparison cities, CallerContext callers) {
        this.callers = callers;
        this.queries = queries;
        this.service = service;
        this.cities = cities;
    }

    static final String CITIES_DESC = "For one period, every city's figure (REPORTED for the city, DERIVED from its finer "
            + "periods, or ROLLED_UP from its counties, with coverage), its status (its assessment with its figures up to the "
            + "period; NOT_APPLICABLE where the target is a province total, SUM) and its rank (1 = best in the target's direction "
            + "among the cities with a figure; ties share a rank), beside the province's figure; for SUM targets each city's "
            + "share of the province. period: a period id; at the target's frequency it is compared as is, a finer one is read "
            + "as the period holding it, a coarser one as its latest period with a city figure; without period, the latest "
            + "period any city has a figure for. asOf: values reported by the end of that day. Cities are the places directly "
            + "below the province (nine prefecture-level cities and Pingtan), in division-code order. 各设区市对比。";

    @GET
    @Path("/cities")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getPlanCityComparison", summary = "规划各指标的设区市对比 / City comparison of every target of a plan",
            description = CITIES_DESC
            + " Every target not retired matching plan and section (a prefix), in catalog order; Accept: text/csv gives one row "
            + "per target and city (cities.csv), the .xlsx media type the same as a workbook (cities.xlsx). Reads every value of each target: ask per plan or chapter." + READERS)
    @APIResponse(responseCode = "200", description = "各指标的设区市对比，或 CSV / The comparison of each target, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CityDtos.PlanCitiesResponse.class),
                    examples = @ExampleObject(name = "outline2024", summary = "?plan=FJ-OUTLINE-2025&section=二、(一)1&period=2024",
                            value = ApiDocs.FOOD_PLAN_CITIES)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "outline2024", summary = "cities.csv", value = ApiDocs.CITIES_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a period that is not a "
            + "period id, an asOf that is not yyyy-MM-dd)")
    public CityDtos.PlanCitiesResponse planCities(@QueryParam("plan") @Parameter(description = ApiDocs.PLAN_FILTER, example = "FJ-OUTLINE-2025") String plan,
                                                  @QueryParam("section") @Parameter(description = ApiDocs.SECTION_FILTER, example = "二、(一)") String section,
                                                  @QueryParam("period") @Parameter(description = ApiDocs.PERIOD, example = "2024") String period,
                                                  @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                                          schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf) {
        TargetFilter filter = new TargetFilter(blankToNull(plan), null, null, blankToNull(section), null, false);
        LocalDate day = date("asOf", asOf);
        List<CityDtos.TargetCitiesResponse> targets = cities.forTargets(filter, period("period", period),
                        day == null ? null : ProgressQueries.endOf(day), callers.caller())
                .stream().map(CityDtos.TargetCitiesResponse::of).toList();
        return new CityDtos.PlanCitiesResponse(blankToNull(plan), targets);
    }

    @GET
    @Path("/cities")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of getPlanCityComparison: one operation in the document
    public Response planCitiesCsv(@QueryParam("plan") String plan, @QueryParam("section") String section,
                                  @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Csv.response(Csv.write(CityDtos.CSV_HEADER, CityDtos.csvRows(planCities(plan, section, period, asOf).targets())),
                "cities.csv");
    }

    @GET
    @Path("/cities")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of getPlanCityComparison: one operation in the document
    public Response planCitiesXlsx(@QueryParam("plan") String plan, @QueryParam("section") String section,
                                   @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Csv.xlsx(CityDtos.CSV_HEADER, CityDtos.csvRows(planCities(plan, section, period, asOf).targets()), "设区市对比",
                "cities.csv");
    }

    static Period period(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Period.parse(raw).orElseThrow(() -> QueryParams.invalid(name, raw, "a period id (2024, 2024S1, 2024Q3, 202407)"));
    }

    /** What a recompute did. */
    @Schema(name = "RecomputeResult", description = "What a recompute did")
    public record RecomputeResponse(@Schema(description = "Targets recomputed", example = "110") int targets) {
    }

    @POST
    @Path("/recompute")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "recomputeProgress", summary = "立即重算进展 / Recompute every stored assessment now",
            description = "What the daily run does (progress.recompute-cron): "
            + "every stored (target, scope) assessment is recomputed from the stored values, one target per transaction, and a "
            + "changed status publishes ProgressStatusChanged. For after a bulk load of values or a configuration change. "
            + "Answers when done, with the number of targets recomputed. ADMIN only. 立即重算全部已存进展（与每日任务相同）。")
    @APIResponse(responseCode = "200", description = "重算完成 / Done",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = RecomputeResponse.class),
                    examples = @ExampleObject(name = "catalog", summary = "the catalog's 110 targets", value = "{\"targets\": 110}")))
    @APIResponse(responseCode = "403", description = ApiDocs.FORBIDDEN_ADMIN)
    public RecomputeResponse recompute() {
        return new RecomputeResponse(service.recomputeAll());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "listProgress", summary = "指标进展一览 / Progress of every target (PROVINCE scope)",
            description = "One row per target not retired, in catalog order; "
            + "filters combine with AND (section is a prefix). Without asOf the stored assessment (updated on every value, "
            + "revision and daily; targets without values are NO_DATA); with asOf (a date) recomputed from the stored values "
            + "reported by the end of that day (Asia/Shanghai) whose period had started by then. Without size every row "
            + "(a plan has at most ~50); with size (1..500) a page. Accept: text/csv gives every row as CSV (UTF-8 with BOM, "
            + "progress.csv; page and size ignored); Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet the same "
            + "as .xlsx (progress.xlsx). 各指标（全省）进展一览；Accept: text/csv 或 xlsx 导出。 "
            + METHOD_DESC + READERS)
    @APIResponse(responseCode = "200", description = "进展行，或 CSV / The progress rows, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ProgressPage.class),
                    examples = @ExampleObject(name = "food", summary = "?plan=FJ-OUTLINE-2025&size=1: the first of the outline's 49 rows",
                            value = ApiDocs.FOOD_PROGRESS_PAGE)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food", summary = "progress.csv", value = ApiDocs.PROGRESS_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a status that is not a "
            + "status, an asOf that is not yyyy-MM-dd, a page or size that is not an integer of the int range), "
            + "`VALIDATION_FAILED` (page below 0, size outside 1..500; JSON only)")
    public ProgressPage list(@QueryParam("plan") @Parameter(description = ApiDocs.PLAN_FILTER, example = "FJ-OUTLINE-2025") String plan,
                             @QueryParam("section") @Parameter(description = ApiDocs.SECTION_FILTER, example = "二、(一)") String section,
                             @QueryParam("leadUnit") @Parameter(description = ApiDocs.LEAD_FILTER, example = "FJ-AMR") String leadUnit,
                             @QueryParam("status") @Parameter(description = "状态 / Only targets with this status",
                                     schema = @Schema(type = SchemaType.STRING, enumeration = {"ACHIEVED", "ON_TRACK", "NEEDS_ACCELERATION",
                                             "OFF_TRACK", "DETERIORATING", "NO_DATA", "NOT_APPLICABLE"}), example = "OFF_TRACK") String status,
                             @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                     schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf,
                             @QueryParam("page") @Parameter(description = "页码，从 0 起 / Page number, from 0 (with size; JSON only)")
                             @DefaultValue("0") @Min(0) int page,
                             @QueryParam("size") @Parameter(description = "每页条数 / Page size, 1..500; without it every row in one page (JSON only)")
                             @Min(1) @Max(500) Integer size) {
        List<ProgressView> all = views(plan, section, leadUnit, status, asOf);
        List<ProgressRowResponse> rows = all.stream().map(ProgressRowResponse::of).toList();
        if (size == null) {
            return new ProgressPage(rows, 0, rows.size(), rows.size());
        }
        int from = (int) Math.min((long) page * size, rows.size());
        int to = Math.min(from + size, rows.size());
        return new ProgressPage(rows.subList(from, to), page, size, rows.size());
    }

    @GET
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of listProgress: one operation in the document
    public Response listCsv(@QueryParam("plan") String plan,
                            @QueryParam("section") String section,
                            @QueryParam("leadUnit") String leadUnit,
                            @QueryParam("status") String status,
                            @QueryParam("asOf") String asOf) {
        return Csv.response(Csv.write(CSV_HEADER, listRows(plan, section, leadUnit, status, asOf)), "progress.csv");
    }

    @GET
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of listProgress: one operation in the document
    public Response listXlsx(@QueryParam("plan") String plan,
                             @QueryParam("section") String section,
                             @QueryParam("leadUnit") String leadUnit,
                             @QueryParam("status") String status,
                             @QueryParam("asOf") String asOf) {
        return Csv.xlsx(CSV_HEADER, listRows(plan, section, leadUnit, status, asOf), "进展", "progress.csv");
    }

    private List<List<Object>> listRows(String plan, String section, String leadUnit, String status, String asOf) {
        List<List<Object>> rows = new ArrayList<>();
        for (ProgressView v : views(plan, section, leadUnit, status, asOf)) {
            ProgressRowResponse r = ProgressRowResponse.of(v);
            rows.add(Arrays.asList(r.code(), r.planCode(), r.section(), r.nameZh(), r.nameEn(), r.kind(), r.unit(),
                    r.comparator(), r.targetValue(), r.deadlineYear(), r.leadUnits(), r.actual(), r.gap(), r.percentOfTarget(),
                    r.status(), r.forecast(), r.progressRatio(), r.lastReportAt(), r.stale(), r.asOf(), r.lastPeriod(),
                    r.coveredThrough(), r.source(), r.placesCovered(), r.placesTotal(), r.flaggedPeriods()));
        }
        return rows;
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getProgressSummary", summary = "进展汇总 / Scorecard",
            description = "Targets (not retired, PROVINCE scope) per status, per section chapter "
            + "(二、(一)1 counts under 二、(一)) and per lead unit (a target with two lead units counts under both); every status "
            + "is listed (0 when none). Without plan: every plan. 按状态、章节和牵头单位统计指标数。" + READERS)
    @APIResponse(responseCode = "200", description = "统计 / The counts", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(implementation = SummaryResponse.class),
            examples = @ExampleObject(name = "outline", summary = "?plan=FJ-OUTLINE-2025 (one section and one lead unit shown)",
                    value = ApiDocs.OUTLINE_SUMMARY)))
    public SummaryResponse summary(@QueryParam("plan") @Parameter(description = ApiDocs.PLAN_FILTER, example = "FJ-OUTLINE-2025") String plan) {
        List<ProgressView> all = views(plan, null, null, null, null);
        Map<String, List<ProgressView>> bySection = new TreeMap<>();
        Map<String, List<ProgressView>> byLead = new TreeMap<>();
        for (ProgressView v : all) {
            bySection.computeIfAbsent(chapter(v.target().content.section), k -> new ArrayList<>()).add(v);
            for (String lead : v.target().content.leadUnits) {
                byLead.computeIfAbsent(lead, k -> new ArrayList<>()).add(v);
            }
        }
        Function<Map<String, List<ProgressView>>, List<GroupCounts>> groups = m -> m.entrySet().stream()
                .map(e -> new GroupCounts(e.getKey(), e.getValue().size(), stale(e.getValue()), byStatus(e.getValue()))).toList();
        return new SummaryResponse(blankToNull(plan), all.size(), stale(all), byStatus(all), groups.apply(bySection),
                groups.apply(byLead));
    }

    private List<ProgressView> views(String plan, String section, String leadUnit, String status, String asOf) {
        TargetFilter filter = new TargetFilter(blankToNull(plan), null, blankToNull(leadUnit), blankToNull(section), null, false);
        return queries.list(filter, QueryParams.enumValue("status", status, ProgressStatus.class), date("asOf", asOf));
    }

    static LocalDate date(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw QueryParams.invalid(name, raw, "a date (yyyy-MM-dd)");
        }
    }

    static String chapter(String section) {
        int close = section.indexOf(')');
        if (close < 0) {
            close = section.indexOf('）');
        }
        return close < 0 ? section : section.substring(0, close + 1);
    }

    private static long stale(List<ProgressView> views) {
        return views.stream().filter(ProgressView::stale).count();
    }

    private static Map<String, Long> byStatus(List<ProgressView> views) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ProgressStatus s : ProgressStatus.values()) {
            counts.put(s.name(), views.stream().filter(v -> v.status() == s).count());
        }
        return counts;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
