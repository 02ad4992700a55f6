package cn.fjquality.reports.service;

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

    /** The look-ups of one submission or import, answered from (and remembered in) its context. */
    ReferenceLookup in(SubmissionContext ctx) {
        return new ReferenceLookup() {
            @Override
            public Optional<TargetCopy> target(String code) {
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

            @Override
            public Optional<UnitCopy> unit(String code) {
                return ctx.units.computeIfAbsent(code, c -> {
                    UnitCopy u = em.find(UnitCopy.class, c);
                    if (u != null) {
                        em.detach(u);
                    }
                    return Optional.ofNullable(u);
                });
            }

            /** See UnitCopyRepository#byDivisionCode; the unit found is also remembered by its code. */
            @Override
            public Optional<UnitCopy> division(String divisionCode) {
                return ctx.divisions.computeIfAbsent(divisionCode, d -> {
                    UnitCopy u = units.byDivisionCode(d);
                    if (u == null) {
                        return Optional.empty();
                    }
                    em.detach(u);
                    ctx.units.putIfAbsent(u.code, Optional.of(u));
                    return Optional.of(u);
                });
            }
        };
    }
}
