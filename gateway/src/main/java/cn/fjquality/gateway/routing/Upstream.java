package cn.fjquality.gateway.routing;

/** The services behind the gateway. */
public enum Upstream {
    UNITS("units"),
    TARGETS("targets"),
    REPORTS("reports");

    private final String id;

    Upstream(String id) {
        this.id = id;
    }

    /** As in config (gateway.services.&lt;id&gt;.url) and in x-missing-services. */
    public String id() {
        return id;
    }
}
