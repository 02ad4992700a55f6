package cn.fjquality.targets;

import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static cn.fjquality.targets.TargetFixtures.newCode;
import static cn.fjquality.targets.TargetFixtures.rateBody;
import static cn.fjquality.targets.TargetFixtures.updateBody;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Concurrent writers: revisions stay gap-free and unique, a duplicate create is a 409, never a 500. */
@QuarkusTest
class ConcurrencyTest {

    static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelRevisionsAreSerialized() throws Exception {
        String code = newCode();
        Map<String, Object> body = rateBody(code);
        TargetFixtures.create(body);
        List<Callable<Integer>> puts = IntStream.range(0, 8).<Callable<Integer>>mapToObj(i -> () -> {
            Map<String, Object> update = updateBody(body);
            update.put("targetValue", 90 + i);
            return given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(update)
                    .when().put("/api/v1/targets/" + code).then().extract().statusCode();
        }).toList();
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), all(puts));
        List<Integer> revisions = given().header("Authorization", TestCallers.analyst())
                .when().get("/api/v1/targets/" + code + "/revisions")
                .then().statusCode(200).extract().path("revision");
        assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1), revisions);
    }

    @Test
    void parallelCreatesOfOneCodeMakeOneTarget() throws Exception {
        String code = newCode();
        TargetFixtures.create(rateBody(newCode())); // units known
        List<Callable<Integer>> posts = IntStream.range(0, 6).<Callable<Integer>>mapToObj(i -> () ->
                given().header("Authorization", TestCallers.admin()).contentType(ContentType.JSON).body(rateBody(code))
                        .when().post("/api/v1/targets").then().extract().statusCode()).toList();
        List<Integer> statuses = all(posts);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1L, TestDb.count("SELECT count(*) FROM target_revision WHERE target_code = ?", code));
    }
}
