package cn.fjquality.targets.rest;

import cn.fjquality.problem.QueryParams;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import cn.fjquality.support.Downloads;
import cn.fjquality.tabular.Csv;
import cn.fjquality.targets.config.ProgressConfig;
import cn.fjquality.targets.rest.ProgressDtos.ProgressDetailResponse;
import cn.fjquality.targets.service.CityComparison;
import cn.fjquality.targets.service.ProgressMethod;
import cn.fjquality.targets.service.ProgressQueries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * How one target is doing: its progress at a scope with the series behind it, and its city comparison, each also as CSV
 * and .xlsx. The reads of the progress model, beside {@link TargetResource}'s reads and writes of the target itself
 * (same root path and tag: one "Targets" section in the document).
 */
@Path("/api/v1/targets")
@Tag(name = "Targets", description = TargetResource.TAG_DESC)
@SecurityRequirement(name = "callerToken")
public class TargetProgressResource {
    private final CallerContext callers;
    private final ProgressQueries progress;
    private final ProgressConfig progressConfig;
    private final CityComparison cities;

    public TargetProgressResource(CallerContext callers, ProgressQueries progress, ProgressConfig progressConfig, CityComparison cities) {
        this.callers = callers;
        this.progress = progress;
        this.progressConfig = progressConfig;
        this.cities = cities;
    }

    @GET
    @Path("/{code}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getTargetProgress", summary = "单个指标进展 / Progress of one target at one scope",
            description = "The assessment recomputed from the stored values "
            + "(as of today, or as of asOf: values reported by the end of that day whose period had started), with the series "
            + "(per period: the figure, its source and coverage, the reconciliations, the other reports, the review status, "
            + "whether it was used), the method in words and the thresholds. scope = PROVINCE (default), a place (a city or "
            + "county, by unit code or division code: its figure, reported or rolled up from the places below), or a "
            + "reporting unit's code (its own values for the place they describe). Accept: text/csv gives the series as CSV "
            + "(<code>-progress.csv), the .xlsx media type as a workbook (<code>-progress.xlsx). 单个指标在某一范围（全省、地区或报送单位）的进展与序列。 " + ProgressResource.METHOD_DESC + " "
            + TargetResource.READERS_DESC)
    @APIResponse(responseCode = "200", description = "进展与序列，或 CSV / The assessment with its series, or the series as CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ProgressDetailResponse.class),
                    examples = @ExampleObject(name = "food", summary = "食品抽检合格率 for the province, rolled up from 福州市 and 厦门市",
                            value = ApiDocs.FOOD_PROGRESS_DETAIL)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food", summary = "the same series as CSV", value = ApiDocs.FOOD_SERIES_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a scope that is neither "
            + "PROVINCE nor a unit or division code, an asOf that is not yyyy-MM-dd)")
    @APIResponse(responseCode = "403", description = "超出范围 / Forbidden: `UNIT_OUT_OF_SCOPE` (a REPORTER key asking for a county "
            + "or a reporting unit outside its own unit and subtree; the province and the cities are readable by every key)")
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public ProgressDetailResponse progress(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                           @PathParam("code") String code,
                                           @QueryParam("scope") @Parameter(description = "范围 / PROVINCE (default), a place's unit code "
                                                   + "or division code (FJ-FUZHOU, 350100, 350102), or a reporting unit's code (its own values)",
                                                   example = "PROVINCE") String scope,
                                           @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                                   schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf) {
        return ProgressDetailResponse.of(progress.detail(code, scope(scope), ProgressResource.date("asOf", asOf), callers.caller()),
                progressConfig.approvedOnly(), progressConfig.reconciliation().tolerance());
    }

    @GET
    @Path("/{code}/progress")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of getTargetProgress: one operation in the document
    public Response progressCsv(@PathParam("code") String code, @QueryParam("scope") String scope, @QueryParam("asOf") String asOf) {
        return Downloads.csv(SERIES_HEADER, seriesRows(code, scope, asOf), code + "-progress.csv");
    }

    @GET
    @Path("/{code}/progress")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of getTargetProgress: one operation in the document
    public Response progressXlsx(@PathParam("code") String code, @QueryParam("scope") String scope, @QueryParam("asOf") String asOf) {
        return SheetTitles.xlsx("序列", SERIES_HEADER, seriesRows(code, scope, asOf), code + "-progress.xlsx");
    }

    static final List<String> SERIES_HEADER = List.of("period", "start", "end", "coveredThrough", "value", "numerator", "denominator",
            "source", "reportedBy", "rolledUpFrom", "placesCovered", "placesTotal", "monthsCovered", "monthsTotal", "status",
            "used", "flagged", "reconciliation");

    private List<List<Object>> seriesRows(String code, String scope, String asOf) {
        ProgressDetailResponse d = progress(code, scope, asOf);
        List<List<Object>> rows = new ArrayList<>();
        for (ProgressDtos.FigureResponse p : d.series()) {
            rows.add(java.util.Arrays.asList(p.period(), p.start(), p.end(), p.coveredThrough(), p.value(), p.numerator(),
                    p.denominator(), p.source(), p.reportedBy(), p.rolledUpFrom(), p.placesCovered(), p.placesTotal(),
                    p.monthsCovered(), p.monthsTotal(), p.status(), p.used(), p.flagged(),
                    String.join(" | ", p.checks().stream().map(ProgressDtos.CheckResponse::note).toList())));
        }
        return rows;
    }

    @GET
    @Path("/{code}/cities")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(operationId = "getTargetCityComparison", summary = "单个指标的设区市对比 / City comparison of one target",
            description = ProgressResource.CITIES_DESC + " Accept: text/csv gives one row per city (<code>-cities.csv), the .xlsx media type the same as a workbook "
            + "(<code>-cities.xlsx). " + TargetResource.READERS_DESC)
    @APIResponse(responseCode = "200", description = "设区市对比，或 CSV / The comparison, or CSV", content = {
            @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CityDtos.TargetCitiesResponse.class),
                    examples = @ExampleObject(name = "food2024", summary = "食品抽检合格率 2024 (3 of the 10 cities shown)",
                            value = ApiDocs.FOOD_CITIES)),
            @Content(mediaType = ApiDocs.CSV, schema = @Schema(type = SchemaType.STRING, description = ApiDocs.CSV_ANSWER),
                    examples = @ExampleObject(name = "food2024", summary = "the cities with a figure", value = ApiDocs.CITIES_CSV)),
            @Content(mediaType = ApiDocs.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary", description = ApiDocs.XLSX_ANSWER))})
    @APIResponse(responseCode = "400", description = "请求错误 / Bad request: `INVALID_QUERY_PARAMETER` (a period that is not a "
            + "period id, an asOf that is not yyyy-MM-dd)")
    @APIResponse(responseCode = "404", description = ApiDocs.TARGET_NOT_FOUND)
    public CityDtos.TargetCitiesResponse cities(@Parameter(description = ApiDocs.TARGET_CODE, example = "OL25-FOOD-SAMPLING-PASS-RATE")
                                                @PathParam("code") String code,
                                                @QueryParam("period") @Parameter(description = ApiDocs.PERIOD, example = "2024") String period,
                                                @QueryParam("asOf") @Parameter(description = ApiDocs.AS_OF,
                                                        schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2025-12-31") String asOf) {
        LocalDate day = ProgressResource.date("asOf", asOf);
        return CityDtos.TargetCitiesResponse.of(cities.forTarget(code, ProgressResource.period("period", period),
                day == null ? null : ProgressQueries.endOf(day), callers.caller()));
    }

    @GET
    @Path("/{code}/cities")
    @Produces(Csv.MEDIA_TYPE)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the text/csv answer of getTargetCityComparison: one operation in the document
    public Response citiesCsv(@PathParam("code") String code, @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return Downloads.csv(CityDtos.CSV_HEADER, CityDtos.csvRows(List.of(cities(code, period, asOf))), code + "-cities.csv");
    }

    @GET
    @Path("/{code}/cities")
    @Produces(ApiDocs.XLSX)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.REPORTER, Roles.GATEWAY})
    @Operation(hidden = true) // the .xlsx answer of getTargetCityComparison: one operation in the document
    public Response citiesXlsx(@PathParam("code") String code, @QueryParam("period") String period, @QueryParam("asOf") String asOf) {
        return SheetTitles.xlsx("设区市对比", CityDtos.CSV_HEADER, CityDtos.csvRows(List.of(cities(code, period, asOf))),
                code + "-cities.xlsx");
    }

    /** PROVINCE (default), or a unit code or a six-digit division code. */
    static String scope(String raw) {
        if (raw == null || raw.isBlank()) {
            return ProgressMethod.PROVINCE;
        }
        String s = raw.trim();
        if (ProgressMethod.PROVINCE.equalsIgnoreCase(s)) {
            return ProgressMethod.PROVINCE;
        }
        if (!s.matches(TargetDtos.UNIT_CODE_PATTERN)) {
            throw QueryParams.invalid("scope", raw, "PROVINCE, a unit code or a division code");
        }
        return s;
    }
}
