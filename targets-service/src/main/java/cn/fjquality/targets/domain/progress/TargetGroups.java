package cn.fjquality.targets.domain.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a consumer's poll into groups of at most {@code maxTargets} targets, each group applied in one transaction.
 * A poll's cost grows with the targets it touches (each is recomputed from its values), so a poll over many large
 * targets in one transaction could outlast the transaction timeout and the broker's patience. Every item of a target is
 * in the same group, in the poll's order, so each target's events are applied in order; the groups follow the order
 * in which their targets first appear. Items without a target (the key null) are a target of their own.
 */
public final class TargetGroups {
    private TargetGroups() {
    }

    public static <T> List<List<T>> of(List<T> items, Function<T, String> targetOf, int maxTargets) {
        if (maxTargets < 1) {
            throw new IllegalArgumentException("maxTargets must be at least 1");
        }
        // A LinkedHashMap takes the null key too: the items without a target count as one more target.
        Map<String, List<T>> byTarget = new LinkedHashMap<>();
        for (T item : items) {
            byTarget.computeIfAbsent(targetOf.apply(item), t -> new ArrayList<>()).add(item);
        }
        List<List<T>> groups = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int targets = 0;
        for (List<T> ofTarget : byTarget.values()) {
            if (targets == maxTargets) {
                groups.add(current);
                current = new ArrayList<>();
                targets = 0;
            }
            current.addAll(ofTarget);
            targets++;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
