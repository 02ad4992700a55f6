package cn.fjquality.security;

/** Role names as they appear in the caller token's {@code groups} claim and in {@code @RolesAllowed}. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String ANALYST = "ANALYST";
    public static final String REPORTER = "REPORTER";
    /** The gateway itself, e.g. when it verifies an API key. */
    public static final String GATEWAY = "GATEWAY";

    private Roles() {
    }
}
