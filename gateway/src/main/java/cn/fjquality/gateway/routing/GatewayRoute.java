package cn.fjquality.gateway.routing;

import cn.fjquality.security.Roles;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One public route prefix and where it goes. Only these prefixes are proxied; everything else under
 * /api is 404, and /internal/** is never reachable through the gateway.
 *
 * @param name     short, bounded name used in config (body limits) and metrics
 * @param prefix   path prefix, matched as a whole segment
 * @param upstream the service that answers it
 * @param access   what a REPORTER may do here (ADMIN may do all, ANALYST may read all)
 */
public record GatewayRoute(String name, String prefix, Upstream upstream, ReporterAccess access) {

    public enum ReporterAccess {
        /** Nothing at all (API keys are for admins). */
        NONE,
        /** GET/HEAD only: the catalog. */
        READ,
        /** Reads and writes; the service checks the unit scope. */
        READ_WRITE
    }

    public static final List<GatewayRoute> ALL = List.of(
            new GatewayRoute("units", "/api/v1/units", Upstream.UNITS, ReporterAccess.READ),
            new GatewayRoute("api-keys", "/api/v1/api-keys", Upstream.UNITS, ReporterAccess.NONE),
            new GatewayRoute("plans", "/api/v1/plans", Upstream.TARGETS, ReporterAccess.READ),
            new GatewayRoute("targets", "/api/v1/targets", Upstream.TARGETS, ReporterAccess.READ),
            new GatewayRoute("progress", "/api/v1/progress", Upstream.TARGETS, ReporterAccess.READ),
            new GatewayRoute("measurements", "/api/v1/measurements", Upstream.REPORTS, ReporterAccess.READ_WRITE),
            new GatewayRoute("imports", "/api/v1/imports", Upstream.REPORTS, ReporterAccess.READ_WRITE),
            new GatewayRoute("completeness", "/api/v1/completeness", Upstream.REPORTS, ReporterAccess.READ_WRITE));

    /** The route whose prefix is the path itself or a whole-segment prefix of it. */
    public static Optional<GatewayRoute> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (GatewayRoute route : ALL) {
            if (path.equals(route.prefix) || path.startsWith(route.prefix + "/")) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** The route template as it appears in the access log and docs. */
    public String template() {
        return prefix + "/**";
    }

    /** The gateway's coarse check; the services check role and unit scope again themselves. */
    public boolean allows(String role, String method) {
        boolean read = isRead(method);
        if (Roles.ADMIN.equals(role)) {
            return true;
        }
        if (Roles.ANALYST.equals(role)) {
            return read;
        }
        if (Roles.REPORTER.equals(role)) {
            return switch (access) {
                case NONE -> false;
                case READ -> read;
                case READ_WRITE -> true;
            };
        }
        return false;
    }

    static boolean isRead(String method) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return m.equals("GET") || m.equals("HEAD");
    }
}
