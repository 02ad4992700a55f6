package cn.fjquality.problem;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcceptableAnswerFilterTest {

    @ParameterizedTest(name = "Accept {0} for {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "*/*                               | application/json          | true",
            "application/*                     | application/json          | true",
            "application/json;charset=UTF-8    | application/json          | true",
            "text/csv;q=0.1, application/json  | application/json          | true",
            "text/csv                          | application/json, text/csv| true",
            "image/png                         | application/json          | false",
            "text/csv                          | application/json          | false",
            "application/xml, text/html        | application/json          | false",
            "application/json;q=0             | application/json          | false",
            "application/json;q=0.000, */*;q=0 | application/json          | false",
            "application/json;q=0.01           | application/json          | true",
    })
    void anAnswerIsAcceptableWhenSomeAcceptedTypeWithPositiveQualityCoversIt(String accept, String produced, boolean admitted) {
        assertEquals(admitted, AcceptableAnswerFilter.admitsAny(types(accept), types(produced)));
    }

    private static List<MediaType> types(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(MediaType::valueOf).toList();
    }
}
