package cn.fjquality.reports.rest;

import cn.fjquality.reports.rest.MeasurementDtos.ImportSummary;
import cn.fjquality.reports.service.DeclaredLengthBody;
import cn.fjquality.reports.service.ImportService;
import cn.fjquality.security.CallerContext;
import cn.fjquality.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;

@Path("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk submission of measurements, JSON or CSV")
@SecurityRequirement(name = "callerToken")
public class ImportResource {
    private final ImportService imports;
    private final CallerContext callers;

    public ImportResource(ImportService imports, CallerContext callers) {
        this.imports = imports;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(summary = "Import measurements from JSON", description = "Body {\"measurements\": [{target, unit, place, period, value, numerator, "
            + "denominator, comment}, ...]} (place optional: the unit's own place), read as a stream. Valid rows are stored (1000 per transaction) even when others are "
            + "rejected; the answer lists one conflict per rejected row.")
    @APIResponse(responseCode = "200", description = "Import summary (status SUCCESS, WARNING or ERROR)")
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, UNKNOWN_FIELD, INVALID_ENCODING before the first row")
    public ImportSummary importJson(InputStream body,
                                    @Parameter(description = "Validate only; store nothing") @QueryParam("dryRun") boolean dryRun,
                                    @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        return imports.importJson(body, DeclaredLengthBody.parseLength(contentLength), callers.caller(), dryRun);
    }

    @POST
    @Consumes({"text/csv", "application/csv"})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.REPORTER})
    @Operation(summary = "Import measurements from CSV", description = "Header row target,unit,period,value[,place,numerator,denominator,comment] "
            + "(any order; an empty place is the unit's own place); UTF-8 with or without BOM; parsed as a stream. Rows with bytes that are not UTF-8 are rejected with INVALID_ENCODING.")
    @APIResponse(responseCode = "200", description = "Import summary (status SUCCESS, WARNING or ERROR)")
    @APIResponse(responseCode = "400", description = "CSV_HEADER_MISSING, CSV_HEADER_INVALID, MALFORMED_CSV before the first row")
    public ImportSummary importCsv(InputStream body,
                                   @Parameter(description = "Validate only; store nothing") @QueryParam("dryRun") boolean dryRun,
                                   @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength) {
        return imports.importCsv(body, DeclaredLengthBody.parseLength(contentLength), callers.caller(), dryRun);
    }
}
