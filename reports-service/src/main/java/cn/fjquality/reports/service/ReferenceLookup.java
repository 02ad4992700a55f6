package cn.fjquality.reports.service;

import cn.fjquality.events.places.Places;
import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.security.UnitHierarchy;

import java.util.Optional;

/**
 * Units and targets as {@link SubmissionRules} read them: three look-ups, so the rules run against a map in their
 * tests and against the local copies (cached per submission or import, {@link Lookups}) in the service.
 */
public interface ReferenceLookup extends UnitHierarchy {

    Optional<TargetCopy> target(String code);

    Optional<UnitCopy> unit(String code);

    /** The unit a 6-digit division code names. */
    Optional<UnitCopy> division(String divisionCode);

    /** A unit as {@link Places} needs it; null when unknown. */
    default Places.Node node(String code) {
        return unit(code).map(UnitCopy::node).orElse(null);
    }

    /** Walks the parents (at most 32 levels: a cycle in the copied data must not hang a request). */
    @Override
    default boolean isDescendant(String unit, String ancestor) {
        UnitCopy u = unit(unit).orElse(null);
        for (int depth = 0; u != null && u.parentCode != null && depth < 32; depth++) {
            if (u.parentCode.equals(ancestor)) {
                return true;
            }
            u = unit(u.parentCode).orElse(null);
        }
        return false;
    }
}
