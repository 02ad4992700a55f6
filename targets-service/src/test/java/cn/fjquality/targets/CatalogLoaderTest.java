package cn.fjquality.targets;

import cn.fjquality.targets.service.CatalogLoader;
import cn.fjquality.targets.service.CatalogLoader.LoadResult;
import cn.fjquality.testsupport.TestCallers;
import cn.fjquality.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog file is loaded idempotently; a corrected entry becomes a new revision; API edits survive reloads. */
@QuarkusTest
class CatalogLoaderTest {
    @Inject
    CatalogLoader loader;

    static long targetEventsInOutbox() {
        return TestDb.count("SELECT count(*) FROM outbox_event WHERE topic = 'targets.v1'");
    }

    static void expectTarget(String code, int revision, Object value) {
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code)
                .then().statusCode(200)
                .body("revision", equalTo(revision))
                .body("targetValue", equalTo(value));
    }

    @Test
    void loadingTheShippedCatalogAgainChangesNothing() {
        long eventsBefore = targetEventsInOutbox();
        LoadResult again = loader.load("catalog/catalog-v1.json");
        assertEquals(new LoadResult(0, 0, 0, 0, 110), again);
        assertEquals(eventsBefore, targetEventsInOutbox(), "no event for an unchanged catalog");
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/OL25-FOOD-SAMPLING-PASS-RATE/revisions")
                .then().statusCode(200)
                .body("revision", contains(1))
                .body("[0].changeSource", equalTo("CATALOG"))
                .body("[0].changedBy", equalTo("catalog"));
    }

    @Test
    void aCorrectedEntryBecomesANewRevisionAndApiEditsAreNotRevertedByAReload() {
        LoadResult first = loader.load("catalog-test/loader-v1.json");
        assertEquals(new LoadResult(1, 0, 3, 0, 0), first);
        // Units named by the file (FJ-NOT-YET-KNOWN) need not be known: the catalog loads before any units.v1 event.
        expectTarget("TLD-ALPHA", 1, 90);

        long events = targetEventsInOutbox();
        assertEquals(new LoadResult(0, 0, 0, 0, 3), loader.load("catalog-test/loader-v1.json"));
        assertEquals(events, targetEventsInOutbox());

        // An admin corrects TLD-BETA through the API; reloading the unchanged file keeps the edit.
        Map<String, Object> beta = Map.ofEntries(Map.entry("planCode", "TEST-LOADER-PLAN"), Map.entry("section", "一"),
                Map.entry("nameZh", "测试TLD-BETA"), Map.entry("nameEn", "Test TLD-BETA"), Map.entry("kind", "CUMULATIVE"),
                Map.entry("comparator", "GE"), Map.entry("targetValue", 120), Map.entry("unit", "个"), Map.entry("deadlineYear", 2025),
                Map.entry("direction", "INCREASE"), Map.entry("aggregation", "SUM"), Map.entry("lowerBound", 0),
                Map.entry("leadUnits", java.util.List.of("FJ-AMR")), Map.entry("contributingUnits", java.util.List.of("FJ-NOT-YET-KNOWN")),
                Map.entry("sourceDocument", "001_bbe6214b5f05588b.txt"), Map.entry("sourceText", "测试 100"));
        given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(beta)
                .when().put("/api/v1/targets/TLD-BETA")
                .then().statusCode(200).body("revision", equalTo(2));
        assertEquals(new LoadResult(0, 0, 0, 0, 3), loader.load("catalog-test/loader-v1.json"));
        expectTarget("TLD-BETA", 2, 120);

        // v2 corrects TLD-ALPHA only: one new revision, TargetRevised; TLD-BETA keeps the API edit.
        try (TopicProbe probe = new TopicProbe("targets.v1")) {
            assertEquals(new LoadResult(0, 0, 0, 1, 2), loader.load("catalog-test/loader-v2.json"));
            expectTarget("TLD-ALPHA", 2, 95);
            expectTarget("TLD-BETA", 2, 120);
            given().header("Authorization", TestCallers.analyst())
                    .when().get("/api/v1/targets/TLD-ALPHA/revisions")
                    .then().statusCode(200)
                    .body("revision", contains(2, 1))
                    .body("changeType", contains("REVISED", "PUBLISHED"))
                    .body("[0].changeSource", equalTo("CATALOG"))
                    .body("[0].changedBy", equalTo("catalog"))
                    .body("[0].changeNote", equalTo("catalog-test/loader-v2.json (version 1)"))
                    .body("[0].changedFields", hasItems("targetValue", "sourceText"))
                    .body("[1].target.targetValue", equalTo(90));
            var seen = probe.pollUntil(rs -> rs.stream().anyMatch(r -> "TLD-ALPHA".equals(r.key()) && r.value().contains("\"TargetRevised\"")),
                    Duration.ofSeconds(30));
            assertTrue(seen.stream().anyMatch(r -> "TLD-ALPHA".equals(r.key()) && r.value().contains("\"TargetRevised\"")
                    && r.value().contains("\"revision\":2")), "TargetRevised for the corrected entry");
        }

        // v3 changes TLD-BETA's own entry (the file wins: a new revision on top of the API edit) and only
        // rewrites TLD-GAMMA's number (50 -> 50.0: same content, no revision).
        assertEquals(new LoadResult(0, 0, 0, 1, 2), loader.load("catalog-test/loader-v3.json"));
        expectTarget("TLD-BETA", 3, 150);
        expectTarget("TLD-GAMMA", 1, 50);
        assertEquals(new LoadResult(0, 0, 0, 0, 3), loader.load("catalog-test/loader-v3.json"));
    }

    @Test
    void anInvalidCatalogIsRejectedWhole() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loader.load("catalog-test/loader-invalid.json"));
        assertTrue(e.getMessage().contains("TLD-BAD") && e.getMessage().contains("DEADLINE_OUTSIDE_PLAN"), e.getMessage());
        given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/plans/TEST-BAD-PLAN")
                .then().statusCode(404);
    }
}
