package cn.fjquality.targets.service;

import cn.fjquality.problem.ApiException;
import cn.fjquality.targets.domain.Plan;
import cn.fjquality.targets.domain.PlanRepository;
import cn.fjquality.targets.domain.TargetKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

@ApplicationScoped
public class PlanService {
    private final PlanRepository plans;

    public PlanService(PlanRepository plans) {
        this.plans = plans;
    }

    public record PlanWithCount(Plan plan, long targetCount) {
    }

    public record PlanDetail(Plan plan, long targetCount, long retiredTargetCount, Map<TargetKind, Long> countsByKind) {
    }

    @Transactional
    public List<PlanWithCount> list() {
        Map<String, Long> counts = plans.activeTargetCounts();
        return plans.listOrdered().stream().map(p -> new PlanWithCount(p, counts.getOrDefault(p.code, 0L))).toList();
    }

    @Transactional
    public PlanDetail get(String code) {
        Plan plan = plans.findByCode(code)
                .orElseThrow(() -> ApiException.notFound("PLAN_NOT_FOUND", "No plan with code " + code));
        Map<TargetKind, Long> byKind = plans.activeTargetCountsByKind(code);
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        return new PlanDetail(plan, total, plans.retiredTargetCount(code), byKind);
    }
}
