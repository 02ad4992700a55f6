package cn.fjquality.gateway.security;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CredentialsTest {
    static final String KEY = "fjq_abcdefghijk2_" + "A".repeat(42) + "-";

    private static Credentials.Result of(String... nameValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return Credentials.extract(headers);
    }

    @Test
    void acceptsBearerOrHeaderOrBothWhenEqual() {
        assertEquals(KEY, ((Credentials.Presented) of("Authorization", "Bearer " + KEY)).apiKey());
        assertEquals(KEY, ((Credentials.Presented) of("authorization", "bearer " + KEY)).apiKey());
        assertEquals(KEY, ((Credentials.Presented) of("X-API-Key", KEY)).apiKey());
        assertEquals(KEY, ((Credentials.Presented) of("Authorization", "Bearer " + KEY, "x-api-key", KEY)).apiKey());
    }

    @Test
    void rejectsAnythingElse() {
        assertInstanceOf(Credentials.Missing.class, of());
        for (String[] bad : new String[][]{
                {"Authorization", ""}, {"Authorization", "Bearer"}, {"Authorization", "Bearer "},
                {"Authorization", "Basic " + KEY}, {"Authorization", "Bearer " + KEY + " x"},
                {"Authorization", "Bearer " + KEY.toUpperCase()}, {"X-API-Key", ""}, {"X-API-Key", KEY + "A"},
                {"X-API-Key", "k".repeat(10_000)}, {"Authorization", "Bearer " + KEY, "X-API-Key", KEY.replace('A', 'B')},
                {"X-API-Key", KEY, "X-API-Key", KEY}}) {
            assertInstanceOf(Credentials.Malformed.class, of(bad), String.join(" ", bad).substring(0, Math.min(80, String.join(" ", bad).length())));
        }
    }

    @Test
    void neverPrintsTheKey() {
        assertFalse(of("X-API-Key", KEY).toString().contains(KEY));
        assertFalse(KeyVerifier.fingerprint(KEY).contains(KEY.substring(17)));
        assertEquals(64, KeyVerifier.fingerprint(KEY).length());
    }
}
