package cn.fjquality.reports;

import cn.fjquality.events.period.Frequency;
import cn.fjquality.reports.service.OverdueGauge;
import cn.fjquality.testsupport.TestCallers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static cn.fjquality.reports.Api.row;
import static cn.fjquality.reports.Api.submit;
import static cn.fjquality.reports.Api.submitOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Due dates per frequency and per target, reports made of finer periods, and the overdue gauge. */
@QuarkusTest
class CompletenessApiTest {
    static World w;
    static final int THIS_YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();

    @Inject
    OverdueGauge gauge;

    @BeforeAll
    static void world() {
        w = World.create();
    }

    static ValidatableResponse completeness(String period, String target) {
        return given().header("Authorization", TestCallers.analyst()).queryParam("period", period).queryParam("target", target)
                .get("/api/v1/completeness").then().statusCode(200);
    }

    static String item(String unit, String field) {
        return "items.find { it.unit == '" + unit + "' }." + field;
    }

    @Test
    void aYearIsDueOn31MarchOfTheNextYear() {
        // The world's SUM target is reported per YEAR, owed by the department (lead) and city1.
        submitOk(TestCallers.reporter(w.city1), row(w.sum, w.city1, "2023", 5));
        completeness("2023", w.sum)
                .body("deadline", equalTo("2024-03-31")).body("deadlinePassed", equalTo(true))
                .body("owed", equalTo(2)).body("items.dueDate", everyItem(equalTo("2024-03-31")))
                .body(item(w.city1, "status"), equalTo("LATE")).body(item(w.city1, "reportedAs"), equalTo("PERIOD"))
                .body(item(w.dept, "status"), equalTo("OVERDUE")).body(item(w.dept, "place"), equalTo(w.province));
        // A quarter is due 30 days after its end, a month 15 days.
        completeness("2024Q4", w.ratio).body("deadline", equalTo("2025-01-30")).body("items.dueDate", everyItem(equalTo("2025-01-30")));
        completeness("202402", w.monthly).body("deadline", equalTo("2024-03-15")).body("items[0].dueDate", equalTo("2024-03-15"));
    }

    @Test
    void aTargetsOwnOffsetSetsItsDueDate() {
        // Last year's report of a target due a year after the period: due on 31 December of this year, so on time now,
        // while the frequency's default day (31 March of this year) may have passed.
        String target = TestEvents.code("T-P1Y");
        new TestEvents.Target(target).frequency("YEAR").aggregation("SUM").bounds(null, null).plan(THIS_YEAR - 5, THIS_YEAR + 5)
                .lead(w.dept).contributing(w.city1).reportDueAfter("P1Y").publish();
        World.awaitTarget(target, 1);
        String lastYear = Integer.toString(THIS_YEAR - 1);
        completeness(lastYear, target)
                .body("deadline", equalTo(THIS_YEAR + "-03-31"))
                .body("items.dueDate", everyItem(equalTo(THIS_YEAR + "-12-31")))
                .body("items.status", everyItem(equalTo("PENDING")));
        submitOk(TestCallers.reporter(w.dept), row(target, w.dept, lastYear, 10));
        completeness(lastYear, target)
                .body(item(w.dept, "status"), equalTo("ON_TIME")).body(item(w.dept, "onTime"), equalTo(true))
                .body(item(w.city1, "status"), equalTo("PENDING")).body("onTime", equalTo(1));

        // An offset that does not parse is logged and taken as the default; the consumer goes on.
        String odd = TestEvents.code("T-ODD-DUE");
        new TestEvents.Target(odd).frequency("YEAR").aggregation("SUM").bounds(null, null).plan(2021, 2025)
                .lead(w.dept).reportDueAfter("soon").publish();
        World.awaitTarget(odd, 1);
        completeness("2023", odd).body("items[0].dueDate", equalTo("2024-03-31"));
        // And a later revision with a valid offset takes effect.
        TestEvents.Target revised = new TestEvents.Target(odd).frequency("YEAR").aggregation("SUM").bounds(null, null).plan(2021, 2025)
                .lead(w.dept).reportDueAfter("P45D");
        revised.revision = 2;
        revised.publish();
        World.awaitTarget(odd, 2);
        completeness("2023", odd).body("items[0].dueDate", equalTo("2024-02-14"));
    }

    @Test
    void fourQuartersMakeAYearThreeDoNot() {
        String target = TestEvents.code("T-YEAR-PARTS");
        new TestEvents.Target(target).frequency("YEAR").aggregation("SUM").bounds(null, null)
                .lead(w.dept).contributing(w.city1, w.city2).publish();
        World.awaitTarget(target, 1);
        String dept = TestCallers.reporter(w.dept);
        String city1 = TestCallers.reporter(w.city1);
        String city2 = TestCallers.reporter(w.city2);
        for (String q : new String[]{"2024Q1", "2024Q2", "2024Q3"}) {
            submitOk(dept, row(target, w.dept, q, 10));
            submitOk(city1, row(target, w.city1, q, 5));
        }
        completeness("2024", target).body("reported", equalTo(0))
                .body(item(w.dept, "reported"), equalTo(false)).body(item(w.dept, "reportedAs"), nullValue())
                .body(item(w.dept, "status"), equalTo("OVERDUE"));

        String q4 = submitOk(dept, row(target, w.dept, "2024Q4", 10));
        String q4At = given().header("Authorization", TestCallers.analyst()).get("/api/v1/measurements/" + q4)
                .then().statusCode(200).extract().path("firstSubmittedAt");
        // city1's fourth quarter describes county1, not city1: it does not complete city1's own year.
        submitOk(city1, Map.of("target", target, "unit", w.city1, "place", w.county1, "period", "2024Q4", "value", 2));
        // city2: the first half, then the second half month by month.
        submitOk(city2, row(target, w.city2, "2024S1", 10));
        for (int m = 7; m <= 12; m++) {
            submitOk(city2, row(target, w.city2, String.format("2024%02d", m), 1));
        }
        // A later revision of a quarter does not move the moment the year was complete.
        submitOk(dept, row(target, w.dept, "2024Q2", 11));
        completeness("2024", target)
                .body("owed", equalTo(3)).body("reported", equalTo(2)).body("reportingRate", equalTo(2 / 3f))
                .body(item(w.dept, "reported"), equalTo(true)).body(item(w.dept, "reportedAs"), equalTo("PARTS"))
                .body(item(w.dept, "firstSubmittedAt"), equalTo(q4At))
                .body(item(w.dept, "status"), equalTo("LATE"))
                .body(item(w.city1, "reported"), equalTo(false)).body(item(w.city1, "status"), equalTo("OVERDUE"))
                .body(item(w.city2, "reported"), equalTo(true)).body(item(w.city2, "reportedAs"), equalTo("PARTS"))
                .body(item(w.city2, "firstSubmittedAt"), notNullValue());
        // A value for the year itself, sent after the parts, does not change when the report arrived.
        submitOk(dept, row(target, w.dept, "2024", 40));
        completeness("2024", target).body(item(w.dept, "reportedAs"), equalTo("PARTS")).body(item(w.dept, "firstSubmittedAt"), equalTo(q4At));
        // A year reported as a whole, with no parts.
        submitOk(city1, row(target, w.city1, "2023", 20));
        completeness("2023", target).body(item(w.city1, "reportedAs"), equalTo("PERIOD"));
    }

    @Test
    void theGaugeCountsEachTargetsLatestDuePeriod() {
        // Due a year after the period, the latest year whose due day is over is always the year before last
        // (last year's is due on 31 December of this year); with the default it would be last year from April on.
        gauge.refresh();
        long before = gauge.value(Frequency.YEAR);
        String target = TestEvents.code("T-GAUGE-P1Y");
        new TestEvents.Target(target).frequency("YEAR").aggregation("SUM").bounds(null, null).plan(THIS_YEAR - 5, THIS_YEAR + 5)
                .lead(w.dept).contributing(w.city1, w.city2).reportDueAfter("P1Y").publish();
        World.awaitTarget(target, 1);
        gauge.refresh();
        assertEquals(before + 3, gauge.value(Frequency.YEAR));
        String lastYear = Integer.toString(THIS_YEAR - 1);
        String yearBefore = Integer.toString(THIS_YEAR - 2);
        submitOk(TestCallers.reporter(w.city1), row(target, w.city1, lastYear, 1));
        gauge.refresh();
        assertEquals(before + 3, gauge.value(Frequency.YEAR), "last year's report is not due yet");
        submitOk(TestCallers.reporter(w.city1), row(target, w.city1, yearBefore, 1));
        gauge.refresh();
        assertEquals(before + 2, gauge.value(Frequency.YEAR));
        for (String q : new String[]{"Q1", "Q2", "Q3", "Q4"}) {
            submitOk(TestCallers.reporter(w.dept), row(target, w.dept, yearBefore + q, 1));
        }
        gauge.refresh();
        assertEquals(before + 1, gauge.value(Frequency.YEAR), "four quarters make the year");
        submit(TestCallers.reporter(w.city2), row(target, w.city2, yearBefore, 1)).statusCode(201);
        gauge.refresh();
        assertEquals(before, gauge.value(Frequency.YEAR));
    }
}
