package cn.fjquality.targets.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {

    @ParameterizedTest
    @CsvSource({
            "2025,    YEAR,    2025-01-01, 2025-12-31",
            "2025S1,  HALF,    2025-01-01, 2025-06-30",
            "2025S2,  HALF,    2025-07-01, 2025-12-31",
            "2025Q1,  QUARTER, 2025-01-01, 2025-03-31",
            "2025Q3,  QUARTER, 2025-07-01, 2025-09-30",
            "2024Q4,  QUARTER, 2024-10-01, 2024-12-31",
            "202507,  MONTH,   2025-07-01, 2025-07-31",
            "202402,  MONTH,   2024-02-01, 2024-02-29",
            "202302,  MONTH,   2023-02-01, 2023-02-28",
            "202312,  MONTH,   2023-12-01, 2023-12-31"})
    void parsesDhis2PeriodIds(String id, ReportingFrequency frequency, LocalDate start, LocalDate end) {
        Period p = Period.parse(id);
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.frequency()).isEqualTo(frequency);
        assertThat(p.start()).isEqualTo(start);
        assertThat(p.end()).isEqualTo(end);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "25", "2025S3", "2025S0", "2025Q0", "2025Q5", "202500", "202513", "2025-07", "2025W1",
            "2025q3", "20257", "2025071", "0999", "1899", "3000", "abcd", "2025 Q3", "２０２５"})
    void refusesAnythingElse(String id) {
        assertThatThrownBy(() -> Period.parse(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullSource
    void refusesNull(String id) {
        assertThatThrownBy(() -> Period.parse(id)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
