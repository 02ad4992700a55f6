package cn.fjquality.targets.rest;

import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.TargetKind;
import cn.fjquality.targets.service.PlanService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

public final class PlanDtos {
    private PlanDtos() {
    }

    @Schema(name = "PlanChapter")
    public record Chapter(@Schema(example = "二、(一)", description = "The section number as targets name it") String section,
                          @Schema(example = "实施重点产品质量提升工程", description = "The heading in the plan's document") String titleZh) {
    }

    @Schema(name = "Plan")
    public record PlanResponse(
            @Schema(example = "FJ-OUTLINE-2025") String code,
            @Schema(example = "福建省质量强省建设纲要") String titleZh,
            @Schema(example = "Fujian Province Outline for Building a Quality-Strong Province") String titleEn,
            @Schema(example = "中共福建省委 福建省人民政府") String issuer,
            @Schema(example = "2023-04-17") LocalDate issuedDate,
            @Schema(example = "2021") int startYear,
            @Schema(example = "2025") int endYear,
            @Schema(example = "001_bbe6214b5f05588b.txt") String sourceDocument,
            @Schema(example = "52", description = "Targets not retired") long targetCount) {

        public static PlanResponse of(PlanService.PlanWithCount p) {
            Plan plan = p.plan();
            return new PlanResponse(plan.code, plan.titleZh, plan.titleEn, plan.issuer, plan.issuedDate,
                    plan.startYear, plan.endYear, plan.sourceDocument, p.targetCount());
        }
    }

    @Schema(name = "PlanDetail")
    public record PlanDetailResponse(
            @Schema(example = "FJ-OUTLINE-2025") String code,
            String titleZh,
            String titleEn,
            String issuer,
            LocalDate issuedDate,
            int startYear,
            int endYear,
            String sourceDocument,
            @Schema(example = "52", description = "Targets not retired") long targetCount,
            @Schema(example = "0") long retiredTargetCount,
            @Schema(description = "Targets not retired, per kind; every kind is listed",
                    example = "{\"RATE\": 10, \"INDEX\": 1, \"LEVEL\": 8, \"CUMULATIVE\": 30, \"ANNUAL\": 2, \"RELATIVE_CHANGE\": 1}")
            Map<TargetKind, Long> targetCountsByKind,
            @Schema(description = "The chapter and sub-chapter headings of the plan's document that its targets' sections name, "
                    + "in document order, word for word from the seed document (二、 → 重点任务, 二、(一) → 实施重点产品质量提升工程; "
                    + "a work-points list: the item number → its heading)")
            List<Chapter> chapters) {

        public static PlanDetailResponse of(PlanService.PlanDetail d) {
            Plan p = d.plan();
            return new PlanDetailResponse(p.code, p.titleZh, p.titleEn, p.issuer, p.issuedDate, p.startYear, p.endYear,
                    p.sourceDocument, d.targetCount(), d.retiredTargetCount(), d.countsByKind(),
                    p.chapters.stream().map(c -> new Chapter(c.section(), c.titleZh())).toList());
        }
    }
}
