package cn.fjquality.reports.service;

import cn.fjquality.events.places.Places;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;

/**
 * Units and targets as one submission or import sees them: each looked up once and kept (detached) in its
 * {@link SubmissionContext}, so an import of a million rows asks the database once per code.
 */
@ApplicationScoped
public class Lookups {
    private final EntityManager em;
    private final UnitCopyRepository units;

    public Lookups(EntityManager em, UnitCopyRepository units) {
        this.em = em;
        this.units = units;
    }

    Optional<UnitCopy> unit(String code, SubmissionContext ctx) {
        return ctx.units.computeIfAbsent(code, c -> {
            UnitCopy u = em.find(UnitCopy.class, c);
            if (u != null) {
                em.detach(u);
            }
            return Optional.ofNullable(u);
        });
    }

    /** A unit by code as {@link Places} needs it; null when unknown. */
    Places.Node node(String code, SubmissionContext ctx) {
        return unit(code, ctx).map(UnitCopy::node).orElse(null);
    }

    /** The unit a 6-digit division code names (see UnitCopyRepository#byDivisionCode); null when none. */
    Places.Node division(String divisionCode, SubmissionContext ctx) {
        return ctx.divisions.computeIfAbsent(divisionCode, d -> {
            UnitCopy u = units.byDivisionCode(d);
            if (u == null) {
                return Optional.empty();
            }
            em.detach(u);
            ctx.units.putIfAbsent(u.code, Optional.of(u));
            return Optional.of(u);
        }).map(UnitCopy::node).orElse(null);
    }

    Optional<TargetCopy> target(String code, SubmissionContext ctx) {
        return ctx.targets.computeIfAbsent(code, c -> {
            TargetCopy t = em.find(TargetCopy.class, c);
            if (t != null) {
                t.leadUnits = List.copyOf(t.leadUnits);
                t.contributingUnits = List.copyOf(t.contributingUnits);
                em.detach(t);
            }
            return Optional.ofNullable(t);
        });
    }

    boolean isDescendant(String unit, String ancestor, SubmissionContext ctx) {
        UnitCopy u = unit(unit, ctx).orElse(null);
        for (int depth = 0; u != null && u.parentCode != null && depth < 32; depth++) {
            if (u.parentCode.equals(ancestor)) {
                return true;
            }
            u = unit(u.parentCode, ctx).orElse(null);
        }
        return false;
    }
}
