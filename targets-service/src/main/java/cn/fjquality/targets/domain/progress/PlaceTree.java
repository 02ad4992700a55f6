package cn.fjquality.targets.domain.progress;

import cn.fjquality.events.places.Places;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The places of the unit registry as a tree (the province, its cities, their counties), and the rule that gives a
 * reporting unit's value its place when it names none ({@link Places#defaultPlace}). Built from the local copy of the
 * registry; pure. A place's parent is its nearest place above it, so a county under a city's bureau still rolls up
 * into the city.
 */
public final class PlaceTree {
    /** What the tree needs of a unit. */
    public record Unit(String code, String type, String parentCode, String nameZh, String nameEn, String divisionCode,
                       LocalDate activeFrom, LocalDate activeTo) {
        boolean isActiveDuring(LocalDate start, LocalDate end) {
            return (activeFrom == null || !activeFrom.isAfter(end)) && (activeTo == null || !activeTo.isBefore(start));
        }
    }

    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, Unit> byDivision = new HashMap<>();
    private final Map<String, String> parentPlace = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final String root;
    static final String SYNTHETIC_ROOT = "PROVINCE";

    public PlaceTree(Collection<Unit> all) {
        all.forEach(u -> units.put(u.code(), u));
        String top = null;
        for (Unit u : all) {
            if (!Places.isPlace(u.type())) {
                continue;
            }
            if (u.divisionCode() != null) {
                byDivision.put(u.divisionCode(), u);
            }
            String parent = u.parentCode() == null ? null : Places.defaultPlace(u.parentCode(), this::node);
            if (parent == null) {
                // The province; with several parentless places (a broken copy) the one of type PROVINCE wins.
                if (top == null || "PROVINCE".equals(u.type())) {
                    top = u.code();
                }
            } else {
                parentPlace.put(u.code(), parent);
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(u.code());
            }
        }
        // Without any place in the registry (a fresh copy), the province is a name only: every unit's value describes it.
        root = top != null ? top : SYNTHETIC_ROOT;
        Comparator<String> byCode = Comparator.comparing((String c) -> units.get(c).divisionCode(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(c -> c);
        children.values().forEach(l -> l.sort(byCode));
    }

    private Places.Node node(String code) {
        Unit u = units.get(code);
        return u == null ? null : new Places.Node(u.code(), u.type(), u.parentCode());
    }

    /** The province (the place without a place above it); null when the registry holds no place. */
    public String root() {
        return root;
    }

    public boolean isPlace(String code) {
        Unit u = units.get(code);
        return u != null && Places.isPlace(u.type());
    }

    public Unit unit(String code) {
        return units.get(code);
    }

    /** The place with this division code, or null. */
    public Unit byDivision(String divisionCode) {
        return byDivision.get(divisionCode);
    }

    /**
     * The place a value stored for {@code placeOrUnit} describes: itself when it is a place; else (a value whose place
     * could not be resolved when it arrived) the default place of the reporting unit of that code; null when unknown.
     */
    public String placeOf(String placeOrUnit) {
        if (isPlace(placeOrUnit) || root.equals(placeOrUnit)) {
            return placeOrUnit;
        }
        if (!units.containsKey(placeOrUnit)) {
            return null;
        }
        // A unit under no place (a department registered without a parent) reports for the province.
        String place = Places.defaultPlace(placeOrUnit, this::node);
        return place != null ? place : root;
    }

    /** True when {@code unit} lies strictly below {@code ancestor} in the registry (any unit, not only places). */
    public boolean isDescendant(String unit, String ancestor) {
        return !unit.equals(ancestor) && Places.isAtOrBelow(unit, ancestor, this::node);
    }

    /** A city-level place: directly below the province. */
    public boolean isCity(String code) {
        return isPlace(code) && root.equals(parentPlace.get(code));
    }

    /** The place's parent place, null for the root. */
    public String parent(String place) {
        return parentPlace.get(place);
    }

    /** The child places active on at least one day of [start, end], ordered by division code. */
    public List<String> children(String place, LocalDate start, LocalDate end) {
        return children.getOrDefault(place, List.of()).stream()
                .filter(c -> units.get(c).isActiveDuring(start, end)).toList();
    }

    /** The place and its ancestors up to the root, the place first. */
    public List<String> selfAndAncestors(String place) {
        List<String> chain = new ArrayList<>();
        for (String p = place; p != null && chain.size() < 32; p = parentPlace.get(p)) {
            chain.add(p);
        }
        return chain;
    }
}
