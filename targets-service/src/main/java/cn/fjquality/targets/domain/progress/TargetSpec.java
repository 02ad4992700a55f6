package cn.fjquality.targets.domain.progress;

import cn.fjquality.targets.domain.Comparator;
import cn.fjquality.targets.domain.Direction;
import cn.fjquality.targets.domain.TargetKind;

/** What the progress method needs to know of a target. */
public record TargetSpec(
        TargetKind kind,
        Comparator comparator,
        double targetValue,
        Direction direction,
        Integer baselineYear,
        Double baselineValue,
        int planStartYear,
        int deadlineYear,
        String unit) {
}
