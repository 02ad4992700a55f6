package cn.fjquality.events.places;

import java.util.Set;
import java.util.function.Function;

/**
 * Which units are places, and which place a unit's value describes when it names none. Places are the units of type
 * PROVINCE, CITY (the prefecture-level cities and Pingtan) and COUNTY (county-level divisions); they carry the official
 * division code. Every other unit (a provincial department, a central agency's branch, a body) reports for places:
 * unless a value names one, it describes the unit's nearest place above it, which for a provincial department is the
 * province. One rule for every service, so a value means the same thing wherever it is read.
 */
public final class Places {
    public static final Set<String> PLACE_TYPES = Set.of("PROVINCE", "CITY", "COUNTY");
    /** Deeper than any real registry; guards against a cycle in a stale local copy. */
    private static final int MAX_DEPTH = 32;

    private Places() {
    }

    /** What the rule needs of a unit. */
    public record Node(String code, String type, String parentCode) {
    }

    public static boolean isPlace(String unitType) {
        return unitType != null && PLACE_TYPES.contains(unitType);
    }

    /**
     * The place a unit's value describes when it names none: the unit itself when it is a place, else its nearest
     * ancestor that is one; null when the chain ends (or reaches an unknown unit) before a place.
     *
     * @param lookup a unit by code, null when unknown
     */
    public static String defaultPlace(String unitCode, Function<String, Node> lookup) {
        Node n = lookup.apply(unitCode);
        for (int depth = 0; n != null && depth < MAX_DEPTH; depth++) {
            if (isPlace(n.type())) {
                return n.code();
            }
            n = n.parentCode() == null ? null : lookup.apply(n.parentCode());
        }
        return null;
    }

    /** Whether {@code place} is {@code ancestor} or lies below it. */
    public static boolean isAtOrBelow(String place, String ancestor, Function<String, Node> lookup) {
        Node n = lookup.apply(place);
        for (int depth = 0; n != null && depth < MAX_DEPTH; depth++) {
            if (n.code().equals(ancestor)) {
                return true;
            }
            n = n.parentCode() == null ? null : lookup.apply(n.parentCode());
        }
        return false;
    }
}
