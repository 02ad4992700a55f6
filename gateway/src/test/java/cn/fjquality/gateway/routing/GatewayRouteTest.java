package cn.fjquality.gateway.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayRouteTest {

    @Test
    void matchesWholeSegmentsOnly() {
        assertEquals("units", GatewayRoute.match("/api/v1/units").orElseThrow().name());
        assertEquals("units", GatewayRoute.match("/api/v1/units/FJ/api-keys").orElseThrow().name());
        assertEquals("api-keys", GatewayRoute.match("/api/v1/api-keys/abc/revoke").orElseThrow().name());
        assertEquals(Upstream.REPORTS, GatewayRoute.match("/api/v1/imports").orElseThrow().upstream());
        assertTrue(GatewayRoute.match("/api/v1/unitsX").isEmpty());
        assertTrue(GatewayRoute.match("/internal/v1/api-keys/verify").isEmpty());
        assertTrue(GatewayRoute.match("/api/v1").isEmpty());
    }

    @Test
    void coarseRoleRules() {
        GatewayRoute units = GatewayRoute.match("/api/v1/units").orElseThrow();
        GatewayRoute keys = GatewayRoute.match("/api/v1/api-keys").orElseThrow();
        GatewayRoute imports = GatewayRoute.match("/api/v1/imports").orElseThrow();
        assertTrue(units.allows("ADMIN", "DELETE"));
        assertTrue(units.allows("ANALYST", "GET"));
        assertTrue(units.allows("ANALYST", "HEAD"));
        assertFalse(units.allows("ANALYST", "POST"));
        assertTrue(units.allows("REPORTER", "GET"));
        assertFalse(units.allows("REPORTER", "PATCH"));
        assertFalse(keys.allows("REPORTER", "GET"));
        assertTrue(imports.allows("REPORTER", "POST"));
        assertFalse(imports.allows("ANALYST", "POST"));
        assertFalse(units.allows("GATEWAY", "GET"));
        assertFalse(units.allows(null, "GET"));
    }

    @Test
    void pathSafety() {
        assertTrue(GatewayRouter.isSafePath("/api/v1/units/FJ-FUZHOU"));
        assertTrue(GatewayRouter.isSafePath("/api/v1/units/"));
        assertFalse(GatewayRouter.isSafePath("/api/v1/../internal"));
        assertFalse(GatewayRouter.isSafePath("/api/v1/units/.."));
        assertFalse(GatewayRouter.isSafePath("/api/v1/%2E%2E/x"));
        assertFalse(GatewayRouter.isSafePath("/api/v1/units%2f..%2fx"));
        assertFalse(GatewayRouter.isSafePath("//api/v1/units"));
        assertFalse(GatewayRouter.isSafePath("/api/v1/units\\x"));
        assertFalse(GatewayRouter.isSafePath("*"));
    }
}
