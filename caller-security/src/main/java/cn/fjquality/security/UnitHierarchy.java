package cn.fjquality.security;

/** Each service answers this from its own data (units-service: the registry; others: their local copy). */
@FunctionalInterface
public interface UnitHierarchy {
    /** True when {@code unit} lies strictly below {@code ancestor}. */
    boolean isDescendant(String unit, String ancestor);
}
