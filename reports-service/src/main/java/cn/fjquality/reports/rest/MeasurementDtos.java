package cn.fjquality.reports.rest;

import cn.fjquality.reports.domain.Measurement;
import cn.fjquality.reports.domain.MeasurementRevision;
import com.fasterxml.jackson.annotation.JsonInclude;
import cn.fjquality.reports.service.JsonNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the measurements API. */
public final class MeasurementDtos {
    private MeasurementDtos() {
    }

    static final String NUMBER = "A JSON number (or a string holding one) of ASCII digits, stored exactly as sent: at most 10 "
            + "decimals, magnitude below 10^18.";

    @Schema(name = "SubmitMeasurement", description = "One value a unit reports for (target, place, period). For RATIO targets give "
            + "numerator and denominator; value may then be left out and is computed as 100 × numerator / denominator.")
    public record SubmitMeasurementRequest(
            @Schema(example = "OL25-FOOD-SAMPLING-PASS-RATE", required = true) String target,
            @Schema(example = "FJ-FUZHOU", required = true, description = "The reporting unit") String unit,
            @Schema(example = "2024", required = true, description = "YYYY, YYYYS1..S2, YYYYQ1..Q4 or YYYYMM; the target's reporting "
                    + "frequency or a finer one") String period,
            @JsonDeserialize(using = JsonNumbers.Deserializer.class)
            @Schema(nullable = true, example = "98.7", implementation = BigDecimal.class, description = NUMBER
                    + " Required unless a RATIO target gives numerator and denominator.") JsonNode value,
            @JsonDeserialize(using = JsonNumbers.Deserializer.class)
            @Schema(nullable = true, example = "9870", implementation = BigDecimal.class, description = NUMBER + " RATIO targets only, with denominator.")
            JsonNode numerator,
            @JsonDeserialize(using = JsonNumbers.Deserializer.class)
            @Schema(nullable = true, example = "10000", implementation = BigDecimal.class, description = NUMBER + " RATIO targets only, with numerator.")
            JsonNode denominator,
            @Schema(nullable = true, example = "含县级抽检") String comment,
            // Last, and left out when null: the Idempotency-Key hash of a request without a place stays what it was.
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(nullable = true, example = "350102", description = "The place the value describes: the unit code or the 6-digit division code of the "
                    + "province, a city or a county at or below the unit's own place; absent: the unit's own place (itself when it is "
                    + "one, else its nearest place above it, the province for a provincial department)") String place) {
    }

    /** The JSON body of an import, for the OpenAPI document: the service reads it as a stream. */
    @Schema(name = "MeasurementImport", description = "The rows of a JSON import; each row has the fields of a single submission "
            + "(place and period may also be JSON integers)")
    public record ImportRequest(@Schema(required = true) List<SubmitMeasurementRequest> measurements) {
    }

    @Schema(name = "Measurement")
    public record MeasurementResponse(
            UUID id,
            @Schema(example = "T2025-FOOD-SAMPLING-PASS-RATE") String target,
            @Schema(example = "FJ-FUZHOU", description = "The reporting unit") String unit,
            @Schema(example = "FJ-FUZHOU-GULOU", description = "Unit code of the place the value describes (province, city or county)")
            String place,
            @Schema(example = "2025Q3") String period,
            @Schema(example = "QUARTER") String frequency,
            int revision,
            @Schema(example = "98.7") BigDecimal value,
            @Schema(nullable = true) BigDecimal numerator,
            @Schema(nullable = true) BigDecimal denominator,
            @Schema(nullable = true) String comment,
            @Schema(example = "SUBMITTED", enumeration = {"SUBMITTED", "APPROVED", "RETURNED"}) String status,
            @Schema(description = "The value is far from the unit's own history (modified z-score)") boolean followUp,
            @Schema(nullable = true) Double zScore,
            Instant firstSubmittedAt,
            Instant submittedAt,
            @Schema(description = "API key id of the submitter") String submittedBy,
            @Schema(nullable = true, description = "The unit of the REPORTER key that submitted the current revision (a city's subtree key reporting "
                    + "for its county: the city); null for an ADMIN key, or a revision stored before it was recorded")
            String submittedByUnit,
            @Schema(description = "An ADMIN submitted on behalf of the unit") boolean onBehalf,
            @Schema(nullable = true) Instant reviewedAt,
            @Schema(nullable = true) String reviewedBy,
            @Schema(nullable = true) String reviewReason) {

        public static MeasurementResponse of(Measurement m) {
            return new MeasurementResponse(m.id, m.targetCode, m.unitCode, m.placeCode, m.period, m.frequency, m.revision, m.value,
                    m.numerator, m.denominator, m.comment, m.status, m.followUp, m.zScore, m.firstSubmittedAt, m.submittedAt,
                    m.submittedByKey, m.submittedByUnit, m.onBehalf, m.reviewedAt, m.reviewedByKey, m.reviewReason);
        }
    }

    @Schema(name = "MeasurementRevision")
    public record RevisionResponse(int revision, BigDecimal value, @Schema(nullable = true) BigDecimal numerator, @Schema(nullable = true) BigDecimal denominator, @Schema(nullable = true) String comment,
                                   @Schema(nullable = true, description = "The value of the revision before, null for the first") BigDecimal previousValue,
                                   boolean followUp, @Schema(nullable = true) Double zScore, Instant submittedAt, String submittedBy,
                                   @Schema(nullable = true, description = "The unit of the REPORTER key that submitted it; null for an ADMIN key, or "
                                           + "a revision stored before it was recorded") String submittedByUnit,
                                   boolean onBehalf,
                                   @Schema(nullable = true, description = "Set when the revision came from a bulk import") UUID importId) {
        public static RevisionResponse of(MeasurementRevision r) {
            return new RevisionResponse(r.key.revision, r.value, r.numerator, r.denominator, r.comment, r.previousValue,
                    r.followUp, r.zScore, r.submittedAt, r.submittedByKey, r.submittedByUnit, r.onBehalf, r.importId);
        }
    }

    @Schema(name = "MeasurementPage", description = "A page of measurements, ordered by target, unit, place, period")
    public record MeasurementPage(List<MeasurementResponse> items, @Schema(example = "0") int page, @Schema(example = "50") int size,
                                  @Schema(example = "1") long total) {
    }

    @Schema(name = "Review")
    public record ReviewRequest(@Schema(nullable = true, example = "分母口径与上季度不一致，请核实", description = "Why the value is returned "
            + "(required to return, at most 1000 characters)") String reason) {
    }

    @Schema(name = "ImportConflict", description = "Why one row was rejected")
    public record Conflict(@Schema(description = "1-based data row (the CSV header is not counted)") int row, @Schema(nullable = true) String field,
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
    public record CompletenessItem(String target, String unit, String unitType, boolean lead,
                                   @Schema(description = "The unit owes the report (a lead or contributing unit); false for a share the "
                                           + "unit may report without owing it (asked for with shares=true; not counted)") boolean owed,
                                   @Schema(description = "The unit's own place, whose values count (the province for a provincial department)")
                                   String place,
                                   @Schema(description = "Last day (Asia/Shanghai) on which the report is on time: the period's last day plus the "
                                           + "target's reportDueAfter, else the frequency's default") java.time.LocalDate dueDate,
                                   boolean reported,
                                   @Schema(nullable = true, description = "PERIOD (a value for the period itself) or PARTS (values for finer periods that "
                                           + "together cover it); null when not reported", enumeration = {"PERIOD", "PARTS"}) String reportedAs,
                                   @Schema(nullable = true, description = "When the report arrived: the value's first submission, or when the parts' cover "
                                           + "became complete") Instant firstSubmittedAt,
                                   @Schema(description = "Reported by the end of the due day") boolean onTime,
                                   @Schema(description = "Reported after the due day") boolean late,
                                   @Schema(description = "Owed, not reported and the due day is over") boolean overdue,
                                   @Schema(enumeration = {"ON_TIME", "LATE", "OVERDUE", "PENDING"}) String status,
                                   @Schema(description = "The target's name (Chinese)", example = "食品抽检合格率") String targetNameZh,
                                   @Schema(nullable = true, description = "The target's name (English)") String targetNameEn,
                                   @Schema(description = "The target's kind (RATE, INDEX, LEVEL, CUMULATIVE, ANNUAL, RELATIVE_CHANGE)") String kind,
                                   @Schema(nullable = true, description = "The unit of measure values are given in", example = "%") String unitOfMeasure,
                                   @Schema(description = "A RATIO target: the value may come as numerator and denominator") boolean ratio,
                                   @Schema(nullable = true, description = "The lowest value the target takes") BigDecimal lowerBound,
                                   @Schema(nullable = true, description = "The highest value the target takes") BigDecimal upperBound,
                                   @Schema(nullable = true, description = "The current revision of the unit's value for exactly this period at its "
                                           + "place, with its review state (a RETURNED value carries the reviewer's reason); null when none")
                                   MeasurementResponse current) {

        public CompletenessItem withCurrent(MeasurementResponse m) {
            return new CompletenessItem(target, unit, unitType, lead, owed, place, dueDate, reported, reportedAs, firstSubmittedAt,
                    onTime, late, overdue, status, targetNameZh, targetNameEn, kind, unitOfMeasure, ratio, lowerBound, upperBound, m);
        }
    }

    @Schema(name = "Completeness")
    public record CompletenessReport(String period, String frequency,
                                     @Schema(description = "The frequency's default due day of the period (YEAR: 31 March of the next "
                                             + "year; HALF, QUARTER: +30 days; MONTH: +15 days); a target with its own offset has its "
                                             + "items' dueDate") java.time.LocalDate deadline,
                                     @Schema(description = "The default due day is over") boolean deadlinePassed,
                                     long owed, long reported, long onTime, long late, long missing, long overdue,
                                     @Schema(description = "reported / owed (1 when nothing is owed)") double reportingRate,
                                     @Schema(description = "on time / owed (1 when nothing is owed)") double onTimeRate,
                                     List<CompletenessItem> items) {
    }
}
