package cn.fjquality.security;

/**
 * Who is calling, as the gateway vouched for it.
 *
 * @param keyId    the API key id (never the secret)
 * @param role     one of {@link Roles}
 * @param unitCode the unit a REPORTER is bound to, null otherwise
 * @param subtree  whether a REPORTER may also act for its unit's descendants
 */
public record Caller(String keyId, String role, String unitCode, boolean subtree) {

    public boolean isAdmin() {
        return Roles.ADMIN.equals(role);
    }

    public boolean isReporter() {
        return Roles.REPORTER.equals(role);
    }

    /**
     * Whether this caller may act for {@code unit}. Admins may act for any unit; reporters for their
     * own unit, and for descendants when {@code subtree} is set; everyone else for none.
     */
    public boolean mayActFor(String unit, UnitHierarchy hierarchy) {
        if (isAdmin()) {
            return true;
        }
        if (!isReporter() || unitCode == null || unit == null) {
            return false;
        }
        return unitCode.equals(unit) || (subtree && hierarchy.isDescendant(unit, unitCode));
    }
}
