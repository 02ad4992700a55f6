package cn.fjquality.problem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemCodesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | ''",
            "no codes here | ''",
            "`VALUE_LOCKED`: the value is approved | VALUE_LOCKED",
            "`A_B` or `C9`, then `A_B` again | A_B,C9",
            "`lower_case` and `TRAILING_` and `_LEADING` are not codes | ''",
            "Gateway: `BAD_PATH`: …; `BAD_REQUEST`: … | BAD_PATH,BAD_REQUEST",
    })
    void codesNamedInBackticksInOrderOnce(String description, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertEquals(want, List.copyOf(ProblemCodes.namedIn(description)));
    }
}
