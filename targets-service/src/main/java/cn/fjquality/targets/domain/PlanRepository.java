package cn.fjquality.targets.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class PlanRepository implements PanacheRepository<Plan> {

    public Optional<Plan> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }

    /** Plans ordered by start year (newest first), then code. */
    public List<Plan> listOrdered() {
        return listAll(Sort.descending("startYear").and("code"));
    }

    /** Active (not retired) targets per plan. */
    public Map<String, Long> activeTargetCounts() {
        Map<String, Long> counts = new HashMap<>();
        getEntityManager().createQuery(
                        "select t.content.planCode, count(t) from Target t where t.retiredAt is null group by t.content.planCode",
                        Object[].class)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** Active (not retired) targets of one plan per kind; every kind is present (0 when none). */
    public Map<TargetKind, Long> activeTargetCountsByKind(String planCode) {
        Map<TargetKind, Long> counts = new EnumMap<>(TargetKind.class);
        for (TargetKind k : TargetKind.values()) {
            counts.put(k, 0L);
        }
        getEntityManager().createQuery(
                        "select t.content.kind, count(t) from Target t where t.retiredAt is null and t.content.planCode = :plan group by t.content.kind",
                        Object[].class)
                .setParameter("plan", planCode)
                .getResultList()
                .forEach(row -> counts.put((TargetKind) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    public long retiredTargetCount(String planCode) {
        return getEntityManager().createQuery(
                        "select count(t) from Target t where t.retiredAt is not null and t.content.planCode = :plan", Long.class)
                .setParameter("plan", planCode)
                .getSingleResult();
    }
}
