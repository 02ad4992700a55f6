package cn.fjquality.targets.domain.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static cn.fjquality.targets.domain.progress.RollUpFixture.TREE;
import static org.assertj.core.api.Assertions.assertThat;

class PlaceTreeTest {

    @ParameterizedTest(name = "a value stored for {0} describes {1}")
    @CsvSource(nullValues = "null", value = {
            "FJ,                 FJ",
            "FJ-AMR,             FJ",          // a provincial department: the province
            "FZ-CUSTOMS,         FJ",
            "FJ-FUZHOU,          FJ-FUZHOU",
            "FZ-AMR,             FJ-FUZHOU",   // a bureau below a city: the city
            "FJ-FUZHOU-GULOU,    FJ-FUZHOU-GULOU",
            "FJ-NEVER-HEARD-OF,  null",
    })
    void placeOfAStoredValue(String stored, String place) {
        assertThat(TREE.placeOf(stored)).isEqualTo(place);
    }

    @Test
    void pingtanIsACityLevelPlaceNotAPartOfFuzhou() {
        assertThat(TREE.root()).isEqualTo("FJ");
        assertThat(TREE.parent("FJ-PINGTAN")).isEqualTo("FJ");
        assertThat(TREE.children("FJ", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                .containsExactly("FJ-FUZHOU", "FJ-PINGTAN", "FJ-XIAMEN"); // by division code: 350100, 350128, 350200
        assertThat(TREE.selfAndAncestors("FJ-FUZHOU-GULOU")).containsExactly("FJ-FUZHOU-GULOU", "FJ-FUZHOU", "FJ");
        assertThat(TREE.byDivision("350102").code()).isEqualTo("FJ-FUZHOU-GULOU");
    }

    @Test
    void aPlaceCountsAsAChildOnlyWhileItExists() {
        assertThat(TREE.children("FJ-FUZHOU", LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31)))
                .containsExactly("FJ-FUZHOU-GULOU", "FJ-FUZHOU-TAIJIANG", "FJ-FUZHOU-OLD");
        assertThat(TREE.children("FJ-FUZHOU", LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31)))
                .containsExactly("FJ-FUZHOU-GULOU", "FJ-FUZHOU-TAIJIANG");
    }

    @Test
    void withoutAnyPlaceEveryUnitReportsForTheProvince() {
        PlaceTree bare = new PlaceTree(List.of(RollUpFixture.unit("FJ-AMR", "PROVINCIAL_DEPARTMENT", null, null)));
        assertThat(bare.root()).isEqualTo("PROVINCE");
        assertThat(bare.placeOf("FJ-AMR")).isEqualTo("PROVINCE");
    }
}
