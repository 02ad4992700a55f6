package cn.fjquality.targets.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import cn.fjquality.targets.domain.progress.PlaceTree;
import jakarta.persistence.LockModeType;

import java.time.Instant;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class KnownUnitRepository implements PanacheRepositoryBase<KnownUnit, String> {

    /**
     * Stores the unit's state unless a state with the same or a higher version is already known
     * (events may arrive twice or out of order). Returns whether anything changed. One unit's events
     * share a partition (key = unit code), so one consumer applies them in order.
     */
    public boolean upsertIfNewer(KnownUnit incoming) {
        KnownUnit stored = findById(incoming.code, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            incoming.updatedAt = Instant.now();
            persist(incoming);
            return true;
        }
        if (stored.version >= incoming.version) {
            return false;
        }
        stored.nameZh = incoming.nameZh;
        stored.nameEn = incoming.nameEn;
        stored.type = incoming.type;
        stored.parentCode = incoming.parentCode;
        stored.activeFrom = incoming.activeFrom;
        stored.activeTo = incoming.activeTo;
        stored.divisionCode = incoming.divisionCode;
        stored.version = incoming.version;
        stored.updatedAt = Instant.now();
        return true;
    }

    /** The registry as the roll-up sees it: every unit, places and reporting units (a few hundred rows). */
    public PlaceTree placeTree() {
        return new PlaceTree(listAll().stream().map(KnownUnit::asTreeUnit).toList());
    }

    /**
     * What the registry looks like, in one cheap aggregate: any unit added raises the count, any change raises the sum of
     * the versions (units.v1 versions only grow, and no unit is ever deleted here).
     */
    public record Stamp(long units, long versions) {
    }

    public Stamp stamp() {
        Object[] row = (Object[]) getEntityManager()
                .createNativeQuery("SELECT count(*), coalesce(sum(version), 0) FROM known_unit")
                .getSingleResult();
        return new Stamp(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    public Map<String, KnownUnit> byCodes(Collection<String> codes) {
        if (codes.isEmpty()) {
            return Map.of();
        }
        return list("code in ?1", codes).stream().collect(Collectors.toMap(u -> u.code, Function.identity()));
    }

    /** Codes among {@code codes} that are unknown here or not active on {@code day}. */
    public List<String> unknownOrInactive(Collection<String> codes, LocalDate day) {
        Map<String, KnownUnit> known = byCodes(codes);
        return codes.stream().filter(c -> known.get(c) == null || !known.get(c).isActiveOn(day)).toList();
    }
}
