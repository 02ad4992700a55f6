package cn.fjquality.gateway.routing;

import cn.fjquality.security.CallerTokens;

/** The services behind the gateway. */
public enum Upstream {
    UNITS("units", CallerTokens.UNITS_SERVICE),
    TARGETS("targets", CallerTokens.TARGETS_SERVICE),
    REPORTS("reports", CallerTokens.REPORTS_SERVICE);

    private final String id;
    private final String audience;

    Upstream(String id, String audience) {
        this.id = id;
        this.audience = audience;
    }

    /** As in config (gateway.services.&lt;id&gt;.url) and in x-missing-services. */
    public String id() {
        return id;
    }

    /** The {@code aud} of the caller tokens this service accepts (its {@code mp.jwt.verify.audiences}). */
    public String audience() {
        return audience;
    }
}
