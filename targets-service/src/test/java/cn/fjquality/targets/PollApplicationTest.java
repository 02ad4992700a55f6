package cn.fjquality.targets;

import cn.fjquality.events.EventEnvelope;
import cn.fjquality.outbox.EventCodec;
import cn.fjquality.targets.MeasurementEventsFixture.M;
import cn.fjquality.targets.service.ProgressService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.fjquality.targets.TargetFixtures.COUNTY;
import static cn.fjquality.targets.TargetFixtures.CITY_A;
import static cn.fjquality.targets.TargetFixtures.CITY_B;
import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A poll applied together ({@link ProgressService#applyAll}: inbox and current values read up front, the writes in one
 * flush) must end exactly where the same events applied one by one ({@link ProgressService#apply}) end: duplicates in
 * the poll, a stale revision, reviews of the current revision, a new value revised twice and an unknown event type
 * among them. Called on the service directly, so the poll's make-up is known (through Kafka it depends on timing).
 */
@QuarkusTest
class PollApplicationTest {

    @Inject
    ProgressService service;
    @Inject
    EventCodec codec;

    @Test
    void aPollAppliedTogetherEndsWhereTheSameEventsOneByOneEnd() {
        String together = newCode();
        String oneByOne = newCode();
        TargetFixtures.create(rateBody(together));
        TargetFixtures.create(rateBody(oneByOne));
        UnitEventsFixture.ensureActive(COUNTY);
        List<String> ids = new ArrayList<>();
        List<EventEnvelope> poll = events(together, ids);
        service.applyAll(poll);
        for (EventEnvelope e : events(oneByOne, new ArrayList<>())) {
            service.apply(e);
        }

        String points = "SELECT string_agg(unit_code || '/' || period || '/' || revision || '/' || value || '/' || status, ';' "
                + "ORDER BY unit_code, period) FROM progress_data_point WHERE target_code = ?";
        String assessments = "SELECT string_agg(scope || '/' || status || '/' || coalesce(actual::text, '-') || '/' || method, ';' "
                + "ORDER BY scope) FROM progress WHERE target_code = ?";
        assertNotNull(TestDb.string(points, together));
        assertEquals(TestDb.string(points, oneByOne), TestDb.string(points, together));
        assertEquals(TestDb.string(assessments, oneByOne), TestDb.string(assessments, together));
        // what the poll left: Fuzhou's 2023 at revision 2, approved; Xiamen's returned; the county's twice-revised new value
        assertEquals(CITY_A + "/2023/2/97/APPROVED;" + COUNTY + "/2024/2/95/SUBMITTED;" + CITY_B + "/2023/1/98/RETURNED",
                TestDb.string(points, together));
        for (String id : ids) {
            long expected = id.startsWith("unknown:") ? 0 : 1;
            assertEquals(expected, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?::uuid",
                    id.replace("unknown:", "")), id);
        }
    }

    /**
     * MeasurementsRecorded (an import chunk's values of one target in one event) ends where the same values sent one
     * by one end: in order, a stale revision among them ignored, a value revised within the batch kept at its last
     * revision; applied alone or in a poll beside other events; once per event id (the batch sent again is a duplicate).
     */
    @Test
    void aBatchEventEndsWhereItsValuesOneByOneEnd() {
        String batched = newCode();
        String single = newCode();
        String polled = newCode();
        for (String code : List.of(batched, single, polled)) {
            TargetFixtures.create(rateBody(code));
        }
        UnitEventsFixture.ensureActive(COUNTY);
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        UUID batchId = UUID.randomUUID();
        EventEnvelope batch = codec.envelope(MeasurementEventsFixture.batchEnvelope(batchId, batched, story(batched, at), at));
        assertEquals(ProgressService.Outcome.APPLIED, service.apply(batch));
        assertEquals(ProgressService.Outcome.DUPLICATE, service.apply(batch));
        for (M m : story(single, at)) {
            service.apply(codec.envelope(MeasurementEventsFixture.envelope(UUID.randomUUID(), "MeasurementRecorded", m, at)));
        }
        UUID polledId = UUID.randomUUID();
        String polledBatch = MeasurementEventsFixture.batchEnvelope(polledId, polled, story(polled, at), at);
        service.applyAll(List.of(codec.envelope(polledBatch), codec.envelope(polledBatch),
                codec.envelope(MeasurementEventsFixture.envelope(UUID.randomUUID(), "MeasurementReviewed",
                        M.rate(polled, CITY_B, "2023", 1, 980, 1000, at).withStatus("RETURNED"), at.plusSeconds(1)))));

        String points = "SELECT string_agg(unit_code || '/' || period || '/' || revision || '/' || value || '/' || status, ';' "
                + "ORDER BY unit_code, period) FROM progress_data_point WHERE target_code = ?";
        String assessments = "SELECT string_agg(scope || '/' || status || '/' || coalesce(actual::text, '-') || '/' || method, ';' "
                + "ORDER BY scope) FROM progress WHERE target_code = ?";
        assertEquals(CITY_A + "/2023/2/97/SUBMITTED;" + COUNTY + "/2024/2/95/SUBMITTED;" + CITY_B + "/2023/1/98/SUBMITTED",
                TestDb.string(points, batched));
        assertEquals(TestDb.string(points, single), TestDb.string(points, batched));
        assertEquals(TestDb.string(assessments, single), TestDb.string(assessments, batched));
        assertEquals(TestDb.string(points, batched).replace(CITY_B + "/2023/1/98/SUBMITTED", CITY_B + "/2023/1/98/RETURNED"),
                TestDb.string(points, polled));
        for (UUID id : List.of(batchId, polledId)) {
            assertEquals(1, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?::uuid", id.toString()));
        }
    }

    /** A batch holding a value of another target, or no values, can never apply: refused whole, nothing stored. */
    @Test
    void aBatchThatCannotApplyStoresNothing() {
        String code = newCode();
        TargetFixtures.create(rateBody(code));
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        List<M> mixed = List.of(M.rate(code, CITY_A, "2023", 1, 960, 1000, at), M.rate(newCode(), CITY_B, "2023", 1, 980, 1000, at));
        for (List<M> items : List.of(mixed, List.<M>of())) {
            UUID id = UUID.randomUUID();
            EventEnvelope bad = codec.envelope(MeasurementEventsFixture.batchEnvelope(id, code, items, at));
            assertThrows(IllegalArgumentException.class, () -> service.apply(bad));
            assertEquals(0, TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = ?::uuid", id.toString()));
        }
        assertEquals(0, TestDb.count("SELECT count(*) FROM progress_data_point WHERE target_code = ?", code));
    }

    /** The values of {@link #events}' story in one target's batch, in order: revision 1 of Fuzhou arriving after 2. */
    private static List<M> story(String code, Instant at) {
        M fuzhou1 = M.rate(code, CITY_A, "2023", 1, 960, 1000, at);
        return List.of(fuzhou1, M.rate(code, COUNTY, "2024", 1, 940, 1000, at), M.rate(code, CITY_A, "2023", 2, 970, 1000, at),
                fuzhou1, M.rate(code, COUNTY, "2024", 2, 950, 1000, at), M.rate(code, CITY_B, "2023", 1, 980, 1000, at));
    }

    /** The same story for a target: ids collects the event ids ("unknown:" before the one of an unknown type). */
    private List<EventEnvelope> events(String code, List<String> ids) {
        Instant at = Instant.parse("2025-02-01T00:00:00Z");
        M fuzhou1 = M.rate(code, CITY_A, "2023", 1, 960, 1000, at);
        M fuzhou2 = M.rate(code, CITY_A, "2023", 2, 970, 1000, at);
        M xiamen = M.rate(code, CITY_B, "2023", 1, 980, 1000, at);
        M county1 = M.rate(code, COUNTY, "2024", 1, 940, 1000, at);
        M county2 = M.rate(code, COUNTY, "2024", 2, 950, 1000, at);
        List<String> json = new ArrayList<>();
        String first = envelope(ids, "MeasurementRecorded", fuzhou1, at);
        json.add(first);
        json.add(first);                                                          // the same event again
        json.add(envelope(ids, "MeasurementRecorded", county1, at));               // a new value ...
        json.add(envelope(ids, "MeasurementRecorded", fuzhou2, at.plusSeconds(1)));
        json.add(envelope(ids, "MeasurementRecorded", fuzhou1, at.plusSeconds(2))); // stale: revision 1 after 2
        json.add(envelope(ids, "MeasurementRecorded", county2, at.plusSeconds(2))); // ... revised in the same poll
        json.add(envelope(ids, "MeasurementRecorded", xiamen, at.plusSeconds(2)));
        json.add(envelope(ids, "MeasurementReviewed", fuzhou2.withStatus("APPROVED"), at.plusSeconds(3)));
        json.add(envelope(ids, "MeasurementReviewed", fuzhou2.withStatus("APPROVED"), at.plusSeconds(4))); // repeated review
        json.add(envelope(ids, "MeasurementReviewed", xiamen.withStatus("RETURNED"), at.plusSeconds(3)));
        UUID unknown = UUID.randomUUID();
        ids.add("unknown:" + unknown);
        json.add(MeasurementEventsFixture.envelope(unknown, "MeasurementArchived", xiamen, at.plusSeconds(5)));
        return json.stream().map(codec::envelope).toList();
    }

    private static String envelope(List<String> ids, String type, M m, Instant occurredAt) {
        UUID id = UUID.randomUUID();
        ids.add(id.toString());
        return MeasurementEventsFixture.envelope(id, type, m, occurredAt);
    }
}
