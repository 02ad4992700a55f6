package cn.fjquality.reports.service;

import cn.fjquality.events.places.Places;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which place a submitted value describes. A row names the place by its unit code or its 6-digit division code, or
 * names none: then the value describes the reporting unit's default place ({@link Places#defaultPlace}: the unit
 * itself when it is a place, else its nearest place above it, the province for a provincial department). A unit may
 * describe its default place or any place below it: a provincial department the province, any city or county; a city
 * itself or its counties; a county only itself. Pure: the units come from the lookups.
 */
public final class PlaceRules {
    /** The longest unit code (unit_copy.code). */
    static final int MAX_CODE = 32;
    private static final Pattern DIVISION_CODE = Pattern.compile("[0-9]{6}");

    private PlaceRules() {
    }

    /** The place's unit code, or why the row cannot describe the place it names. */
    public record Outcome(String place, Rejection rejection) {
    }

    /** Could be a unit code: at most {@link #MAX_CODE} characters, no control characters (never looked up otherwise). */
    public static boolean isCodeLike(String s) {
        return !s.isEmpty() && s.length() <= MAX_CODE && s.chars().noneMatch(Character::isISOControl);
    }

    /** Six digits: a division code, not a unit code. */
    public static boolean isDivisionCode(String s) {
        return s != null && DIVISION_CODE.matcher(s).matches();
    }

    /**
     * @param given      the place as submitted; null or blank: none (the unit's default place)
     * @param unit       the reporting unit's code (known)
     * @param byCode     a unit by code, null when unknown
     * @param byDivision a unit by 6-digit division code, null when unknown
     */
    public static Outcome resolve(String given, String unit, Function<String, Places.Node> byCode,
                                  Function<String, Places.Node> byDivision) {
        String home = Places.defaultPlace(unit, byCode);
        if (given == null || given.isBlank()) {
            return home != null ? new Outcome(home, null) : underNoPlace(unit);
        }
        String g = given.trim();
        Places.Node named = !isCodeLike(g) ? null : isDivisionCode(g) ? byDivision.apply(g) : byCode.apply(g);
        if (named == null) {
            return rejected("UNKNOWN_PLACE", "No place with unit code or division code " + Numbers.abbreviate(g));
        }
        if (!Places.isPlace(named.type())) {
            return rejected("UNKNOWN_PLACE", "Unit " + named.code() + " is a " + named.type()
                    + ", not a place (province, city or county)");
        }
        if (home == null) {
            return underNoPlace(unit);
        }
        if (!Places.isAtOrBelow(named.code(), home, byCode)) {
            return rejected("PLACE_NOT_ALLOWED", "Unit " + unit + " reports for " + home + " and the places below it, not for "
                    + named.code());
        }
        return new Outcome(named.code(), null);
    }

    private static Outcome underNoPlace(String unit) {
        return rejected("PLACE_NOT_ALLOWED", "Unit " + unit + " lies under no place (province, city or county), so its values "
                + "can describe none");
    }

    private static Outcome rejected(String code, String message) {
        return new Outcome(null, Rejection.of("place", code, message));
    }
}
