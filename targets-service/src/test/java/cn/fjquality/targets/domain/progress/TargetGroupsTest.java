package cn.fjquality.targets.domain.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A poll split into transactions of at most n targets: each target whole and in order, every event once. */
class TargetGroupsTest {

    /** Items "target:n" ("-" for an event without a target); groups written "|"-separated. */
    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource(delimiter = ';', value = {
            "A:1 B:1 A:2 C:1;      2; A:1 A:2 B:1|C:1",
            "A:1 B:1 A:2 C:1;      3; A:1 A:2 B:1 C:1",
            "A:1 B:1 A:2 C:1;      1; A:1 A:2|B:1|C:1",
            "A:1 A:2 A:3;          1; A:1 A:2 A:3",
            "A:1 -:1 B:1 -:2 C:1;  2; A:1 -:1 -:2|B:1 C:1",
            "-:1 -:2;              1; -:1 -:2",
            "C:1 B:1 A:1 B:2 C:2;  2; C:1 C:2 B:1 B:2|A:1",
    })
    void eachTargetWholeInOrderAtMostNPerGroup(String items, int n, String expected) {
        List<String> in = Arrays.asList(items.trim().split(" +"));
        List<List<String>> groups = TargetGroups.of(in, i -> i.startsWith("-") ? null : i.substring(0, i.indexOf(':')), n);
        assertEquals(expected.trim(), groups.stream().map(g -> String.join(" ", g)).collect(Collectors.joining("|")));
        assertEquals(in.size(), groups.stream().mapToInt(List::size).sum(), "every item once");
    }

    @Test
    void nothingInNothingOut() {
        assertEquals(List.of(), TargetGroups.of(List.<String>of(), s -> s, 4));
    }

    @Test
    void atLeastOneTargetPerGroup() {
        assertThrows(IllegalArgumentException.class, () -> TargetGroups.of(List.of("A"), s -> s, 0));
    }
}
