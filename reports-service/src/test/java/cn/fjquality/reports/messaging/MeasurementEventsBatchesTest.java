package cn.fjquality.reports.messaging;

import cn.fjquality.events.v1.MeasurementBatchPayload;
import cn.fjquality.events.v1.MeasurementPayload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How an import chunk's revisions are cut into MeasurementsRecorded events: by target, in stored order, at most 500 each. */
class MeasurementEventsBatchesTest {

    /**
     * targets: the target of each revision in stored order (one letter each, repeated n times as "A*600");
     * expected: the events as target:items.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "A*32          | A:32",
            "A*500         | A:500",
            "A*501         | A:500 A:1",
            "A*1000        | A:500 A:500",
            "A*1001        | A:500 A:500 A:1",
            "A B A B       | A:2 B:2",
            "B*3 A*2 B     | B:4 A:2",
            "A*499 B A*2   | A:500 A:1 B:1",
    })
    void chunksAreCutByTargetAndSize(String targets, String expected) {
        List<MeasurementPayload> payloads = new ArrayList<>();
        for (String part : targets.trim().split("\\s+")) {
            String[] p = part.split("\\*");
            for (int i = 0; i < (p.length == 2 ? Integer.parseInt(p[1]) : 1); i++) {
                payloads.add(value(p[0], payloads.size()));
            }
        }
        List<MeasurementBatchPayload> batches = MeasurementEvents.batches(payloads);
        assertEquals(expected.trim(), String.join(" ", batches.stream()
                .map(b -> b.targetCode() + ":" + b.measurements().size()).toList()));
        // every revision exactly once, each batch one target's, and a target's revisions in stored order
        List<MeasurementPayload> flat = batches.stream().flatMap(b -> b.measurements().stream()).toList();
        assertEquals(payloads.size(), flat.size());
        assertEquals(payloads.stream().map(MeasurementPayload::measurementId).sorted().toList(),
                flat.stream().map(MeasurementPayload::measurementId).sorted().toList());
        for (MeasurementBatchPayload b : batches) {
            assertEquals(List.of(b.targetCode()), b.measurements().stream().map(MeasurementPayload::targetCode).distinct().toList());
        }
        for (String target : List.of("A", "B")) {
            assertEquals(payloads.stream().filter(p -> p.targetCode().equals(target)).map(MeasurementPayload::measurementId).toList(),
                    flat.stream().filter(p -> p.targetCode().equals(target)).map(MeasurementPayload::measurementId).toList());
        }
    }

    private static MeasurementPayload value(String target, int i) {
        return new MeasurementPayload("m" + i, 1, target, "FJ-FUZHOU", "2024", BigDecimal.valueOf(i), null, null,
                "SUBMITTED", false, Instant.EPOCH, "key", "FJ-FUZHOU");
    }
}
