package cn.fjquality.targets.domain.progress;

import java.time.LocalDate;

/** One value for one period at one scope (already combined across units where the scope is the province). */
public record Observation(String period, LocalDate start, LocalDate end, double value) {
    public int year() {
        return start.getYear();
    }
}
