package cn.fjquality.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mutators themselves must never throw: a throw ends the fuzz run early and fails CI with a bug of the test, not of
 * the system (a CSV row whose last field an earlier step had removed once did). Fast, no stack.
 */
class MutationsTest {
    @Test
    void csvMutationsNeverThrow() {
        List<String> failures = new ArrayList<>();
        for (long seed = 0; seed < 50_000; seed++) {
            Random r = new Random(seed);
            try {
                byte[] body = Mutations.mutateCsv(r, Generators.CSV_HEADER, Generators.csvRows(r), new ArrayList<>());
                assertThat(body).isNotNull();
            } catch (RuntimeException e) {
                failures.add("seed " + seed + ": " + e);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void jsonMutationsNeverThrow() throws Exception {
        JsonNode valid = BadInputFuzzTest.MAPPER.readTree("""
                {"measurements": [{"target": "OL25-FOOD-SAMPLING-PASS-RATE", "unit": "FJ-FUZHOU", "period": "2024",
                  "numerator": 9700, "denominator": 10000, "comment": "含县级抽检"}], "nested": {"a": [1, 2.5, true, null]}}""");
        List<String> failures = new ArrayList<>();
        for (long seed = 0; seed < 50_000; seed++) {
            try {
                byte[] body = Mutations.mutateJson(new Random(seed), valid, BadInputFuzzTest.MAPPER, new ArrayList<>());
                assertThat(body).isNotNull();
            } catch (RuntimeException e) {
                failures.add("seed " + seed + ": " + e);
            }
        }
        assertThat(failures).isEmpty();
    }
}
