package cn.fjquality.targets.domain.progress;

/** A value reported for the same place and period that the figure did not use (another reporter, by precedence). */
public record OtherReport(String unit, double value) {
}
