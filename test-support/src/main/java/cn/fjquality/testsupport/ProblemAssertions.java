package cn.fjquality.testsupport;

import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** What every rejected request must look like: the status, problem+json, a stable code, no internals. */
public final class ProblemAssertions {
    private ProblemAssertions() {
    }

    /** A request that a bad-input table sends. */
    @FunctionalInterface
    public interface HttpCall {
        Response send();
    }

    /** @param code the expected stable code, or null for "any code" */
    public static void assertProblem(String name, Response response, int status, String code) {
        assertThat(response.statusCode()).as(name + ": " + response.asString()).isEqualTo(status);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(response.asString()).as(name + ": no stack trace or class names")
                .doesNotContain("Exception").doesNotContain("at cn.").doesNotContain("at io.");
        assertThat(response.<Integer>path("status")).as(name).isEqualTo(status);
        if (code != null) {
            assertThat(response.<String>path("code")).as(name).isEqualTo(code);
        } else {
            assertThat(response.<String>path("code")).as(name).isNotBlank();
        }
    }
}
