package cn.fjquality.testsupport;

import io.restassured.response.Response;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;

/**
 * The paging parameters out of range or not an int, and the code each answers with, for every service's paged list
 * (service-support's {@code Page}: {@code page} ≥ 0, 1 ≤ {@code size} ≤ 500, both ints): a service's
 * {@code PagingBoundsTest} sends each to its own list ({@code @MethodSource("cn.fjquality.testsupport.PagingBounds#outOfRange")},
 * {@link #assertRefused}): a 400 problem with the code, never a 500.
 */
public final class PagingBounds {
    private PagingBounds() {
    }

    /** (parameter, value, code): a value inside int's range that the bounds refuse is VALIDATION_FAILED, any other INVALID_QUERY_PARAMETER. */
    public static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("page", "-1", "VALIDATION_FAILED"),
                Arguments.of("page", "-2147483648", "VALIDATION_FAILED"),
                Arguments.of("page", "2147483648", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "-2147483649", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "9223372036854775807", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "-9223372036854775808", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "99999999999999999999", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "1.5", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "1e3", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "0x10", "INVALID_QUERY_PARAMETER"),
                Arguments.of("page", "two", "INVALID_QUERY_PARAMETER"),
                Arguments.of("size", "0", "VALIDATION_FAILED"),
                Arguments.of("size", "-1", "VALIDATION_FAILED"),
                Arguments.of("size", "-2147483648", "VALIDATION_FAILED"),
                Arguments.of("size", "501", "VALIDATION_FAILED"),
                Arguments.of("size", "2147483647", "VALIDATION_FAILED"),
                Arguments.of("size", "2147483648", "INVALID_QUERY_PARAMETER"),
                Arguments.of("size", "-2147483649", "INVALID_QUERY_PARAMETER"),
                Arguments.of("size", "9223372036854775807", "INVALID_QUERY_PARAMETER"),
                Arguments.of("size", "-9223372036854775808", "INVALID_QUERY_PARAMETER"),
                Arguments.of("size", "1.5", "INVALID_QUERY_PARAMETER"));
    }

    /** The list at {@code path}, asked by an analyst with the one parameter: a 400 problem with the code. */
    public static void assertRefused(String path, String parameter, String value, String code) {
        Response response = given().header("Authorization", TestCallers.analyst()).queryParam(parameter, value).when().get(path);
        ProblemAssertions.assertProblem(parameter + "=" + value, response, 400, code);
    }
}
