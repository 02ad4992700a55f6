package cn.fjquality.reports.rest;

import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRevision;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the measurements API. */
public final class MeasurementDtos {
    private MeasurementDtos() {
    }

    @Schema(name = "SubmitMeasurement", description = "One value for (target, unit, period). For RATIO targets give numerator and "
            + "denominator; value may then be left out and is computed as 100 × numerator / denominator.")
    public record SubmitMeasurementRequest(
            @Schema(example = "T2025-FOOD-SAMPLING-PASS-RATE", required = true) String target,
            @Schema(example = "FJ-FUZHOU", required = true) String unit,
            @Schema(example = "2025Q3", required = true, description = "YYYY, YYYYS1..S2, YYYYQ1..Q4 or YYYYMM; must match the target's reporting frequency") String period,
            @Schema(example = "98.7", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.NUMBER) JsonNode value,
            @Schema(example = "987", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.NUMBER) JsonNode numerator,
            @Schema(example = "1000", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.NUMBER) JsonNode denominator,
            @Schema(example = "含县级抽检") String comment) {
    }

    @Schema(name = "Measurement")
    public record MeasurementResponse(
            UUID id,
            @Schema(example = "T2025-FOOD-SAMPLING-PASS-RATE") String target,
            @Schema(example = "FJ-FUZHOU") String unit,
            @Schema(example = "2025Q3") String period,
            @Schema(example = "QUARTER") String frequency,
            int revision,
            @Schema(example = "98.7") BigDecimal value,
            BigDecimal numerator,
            BigDecimal denominator,
            String comment,
            @Schema(example = "SUBMITTED", enumeration = {"SUBMITTED", "APPROVED", "RETURNED"}) String status,
            @Schema(description = "The value is far from the unit's own history (modified z-score)") boolean followUp,
            Double zScore,
            Instant firstSubmittedAt,
            Instant submittedAt,
            @Schema(description = "API key id of the submitter") String submittedBy,
            @Schema(description = "An ADMIN submitted on behalf of the unit") boolean onBehalf,
            Instant reviewedAt,
            String reviewedBy,
            String reviewReason) {

        public static MeasurementResponse of(Measurement m) {
            return new MeasurementResponse(m.id, m.targetCode, m.unitCode, m.period, m.frequency, m.revision, m.value,
                    m.numerator, m.denominator, m.comment, m.status, m.followUp, m.zScore, m.firstSubmittedAt, m.submittedAt,
                    m.submittedByKey, m.onBehalf, m.reviewedAt, m.reviewedByKey, m.reviewReason);
        }
    }

    @Schema(name = "MeasurementRevision")
    public record RevisionResponse(int revision, BigDecimal value, BigDecimal numerator, BigDecimal denominator, String comment,
                                   @Schema(description = "The value of the revision before, null for the first") BigDecimal previousValue,
                                   boolean followUp, Double zScore, Instant submittedAt, String submittedBy, boolean onBehalf,
                                   @Schema(description = "Set when the revision came from a bulk import") UUID importId) {
        public static RevisionResponse of(MeasurementRevision r) {
            return new RevisionResponse(r.key.revision, r.value, r.numerator, r.denominator, r.comment, r.previousValue,
                    r.followUp, r.zScore, r.submittedAt, r.submittedByKey, r.onBehalf, r.importId);
        }
    }

    @Schema(name = "MeasurementPage")
    public record MeasurementPage(List<MeasurementResponse> items, int page, int size, long total) {
    }

    @Schema(name = "Review")
    public record ReviewRequest(@Schema(example = "分母口径与上季度不一致，请核实") String reason) {
    }

    @Schema(name = "ImportConflict", description = "Why one row was rejected")
    public record Conflict(@Schema(description = "1-based data row (the CSV header is not counted)") int row, String field,
                           @Schema(example = "WRONG_FREQUENCY") String code, String message) {
    }

    @Schema(name = "ImportCounts")
    public record ImportCounts(long total, long imported, long updated,
                               @Schema(description = "Rows identical to the current revision") long ignored,
                               long rejected, long followUp) {
    }

    @Schema(name = "ImportSummary")
    public record ImportSummary(UUID importId, boolean dryRun,
                                @Schema(enumeration = {"SUCCESS", "WARNING", "ERROR"}) String status,
                                ImportCounts counts, List<Conflict> conflicts,
                                @Schema(description = "More rows were rejected than conflicts listed") boolean conflictsTruncated) {
    }

    @Schema(name = "CompletenessItem")
    public record CompletenessItem(String target, String unit, String unitType, boolean lead, boolean reported, Instant firstSubmittedAt,
                                   @Schema(description = "Reported by the deadline") boolean onTime,
                                   @Schema(description = "Reported after the deadline") boolean late,
                                   @Schema(description = "Not reported and the deadline has passed") boolean overdue,
                                   String status) {
    }

    @Schema(name = "Completeness")
    public record CompletenessReport(String period, String frequency, java.time.LocalDate deadline, boolean deadlinePassed,
                                     long owed, long reported, long onTime, long late, long missing, long overdue,
                                     @Schema(description = "reported / owed (1 when nothing is owed)") double reportingRate,
                                     @Schema(description = "on time / owed (1 when nothing is owed)") double onTimeRate,
                                     List<CompletenessItem> items) {
    }
}
