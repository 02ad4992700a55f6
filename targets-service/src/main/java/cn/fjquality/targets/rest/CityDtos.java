package cn.fjquality.targets.rest;

import cn.fjquality.targets.domain.TargetContent;
import cn.fjquality.targets.domain.progress.Figure;
import cn.fjquality.targets.service.CityComparison.CityLine;
import cn.fjquality.targets.service.CityComparison.TargetCities;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static cn.fjquality.targets.messaging.ProgressEvents.decimal;

/** The city comparison: every city's figure, status and rank for one period. */
public final class CityDtos {
    static final List<String> CSV_HEADER = List.of("targetCode", "targetNameZh", "period", "cityCode", "cityNameZh", "divisionCode",
            "value", "numerator", "denominator", "source", "placesCovered", "placesTotal", "coveredThrough", "flagged", "status",
            "rank", "shareOfProvince", "provinceValue", "provinceSource");

    private CityDtos() {
    }

    @Schema(name = "CityFigure", description = "One city's figure, status and rank for the period")
    public record CityResponse(
            @Schema(example = "FJ-FUZHOU") String code,
            @Schema(example = "福州市") String nameZh,
            @Schema(example = "Fuzhou") String nameEn,
            @Schema(nullable = true, example = "350100") String divisionCode,
            @Schema(nullable = true, example = "280") BigDecimal value,
            @Schema(nullable = true) BigDecimal numerator,
            @Schema(nullable = true) BigDecimal denominator,
            @Schema(nullable = true, example = "ROLLED_UP", enumeration = {"REPORTED", "DERIVED", "ROLLED_UP"}, description = "null when the city has no figure") String source,
            @Schema(nullable = true, example = "11", description = "ROLLED_UP: counties with a figure used") Integer placesCovered,
            @Schema(nullable = true, example = "12", description = "ROLLED_UP: counties active in the period") Integer placesTotal,
            @Schema(nullable = true) LocalDate coveredThrough,
            @Schema(description = "a reconciliation of the city's figure is flagged") boolean flagged,
            @Schema(example = "ON_TRACK", description = "the city's assessment with its figures up to the period; NOT_APPLICABLE where "
                    + "the target is a province total (SUM); NO_DATA without a figure") String status,
            @Schema(nullable = true, example = "1", description = "1 = best in the target's direction among the cities with a figure; ties share a rank") Integer rank,
            @Schema(nullable = true, example = "0.1138", description = "SUM targets: the city's figure / the province's") BigDecimal shareOfProvince) {

        static CityResponse of(CityLine l) {
            Figure f = l.figure();
            return new CityResponse(l.city().code(), l.city().nameZh(), l.city().nameEn(), l.city().divisionCode(),
                    f == null ? null : decimal(f.value()), f == null ? null : decimal(f.numerator()),
                    f == null ? null : decimal(f.denominator()), f == null ? null : f.source().name(),
                    f == null || f.places() == null ? null : f.places().covered(),
                    f == null || f.places() == null ? null : f.places().of(), f == null ? null : f.coveredThrough(),
                    f != null && f.flagged(), l.status().name(), l.rank(), decimal(l.shareOfProvince()));
        }
    }

    @Schema(name = "CityComparison", description = "One target: the province's figure and every city's, for one period")
    public record TargetCitiesResponse(
            @Schema(example = "OL25-PUBLIC-MEASUREMENT-STANDARDS") String targetCode,
            @Schema(example = "社会公用计量标准") String nameZh,
            String nameEn,
            String kind,
            String unit,
            String aggregation,
            String direction,
            String comparator,
            BigDecimal targetValue,
            @Schema(nullable = true, example = "2024", description = "the period compared; null when nothing is reported yet") String period,
            @Schema(nullable = true) ProgressDtos.FigureResponse province,
            List<CityResponse> cities) {

        static TargetCitiesResponse of(TargetCities tc) {
            TargetContent c = tc.target().content;
            return new TargetCitiesResponse(tc.target().code, c.nameZh, c.nameEn, c.kind.name(), c.unit, c.aggregation.name(),
                    c.direction.name(), c.comparator.name(), c.targetValue, tc.period() == null ? null : tc.period().id(),
                    ProgressDtos.FigureResponse.of(tc.province(), null, tc.visibleUnits()),
                    tc.cities().stream().map(CityResponse::of).toList());
        }
    }

    @Schema(name = "PlanCityComparison", description = "The city comparison of every target the filters match")
    public record PlanCitiesResponse(@Schema(nullable = true, example = "FJ-OUTLINE-2025") String plan, List<TargetCitiesResponse> targets) {
    }

    /** One CSV row per (target, city). */
    static List<List<Object>> csvRows(List<TargetCitiesResponse> targets) {
        List<List<Object>> rows = new ArrayList<>();
        for (TargetCitiesResponse t : targets) {
            for (CityResponse c : t.cities()) {
                rows.add(Arrays.asList(t.targetCode(), t.nameZh(), t.period(), c.code(), c.nameZh(), c.divisionCode(), c.value(),
                        c.numerator(), c.denominator(), c.source(), c.placesCovered(), c.placesTotal(), c.coveredThrough(),
                        c.flagged(), c.status(), c.rank(), c.shareOfProvince(),
                        t.province() == null ? null : t.province().value(), t.province() == null ? null : t.province().source()));
            }
        }
        return rows;
    }
}
