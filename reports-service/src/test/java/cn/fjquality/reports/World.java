package cn.fjquality.reports;

import cn.fjquality.reports.domain.TargetCopy;
import cn.fjquality.reports.domain.TargetCopyRepository;
import cn.fjquality.reports.domain.UnitCopy;
import cn.fjquality.reports.domain.UnitCopyRepository;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;

/**
 * A small unit tree and four targets, learnt only from units.v1 / targets.v1 events published by the test:
 * province → department, city1 (→ county1), city2. The places (province, cities, county) carry division codes.
 */
public final class World {
    public final String province = TestEvents.code("P");
    public final String dept = TestEvents.code("DEPT");
    public final String city1 = TestEvents.code("CITY1");
    public final String city2 = TestEvents.code("CITY2");
    public final String county1 = TestEvents.code("COUNTY1");
    public final String provinceDivision = TestEvents.division();
    public final String city1Division = TestEvents.division();
    public final String city2Division = TestEvents.division();
    public final String county1Division = TestEvents.division();
    /** Quarterly RATIO rate 0..100, lead dept, contributing city1 and city2, plan 2021-2025. */
    public final String ratio = TestEvents.code("T-RATIO");
    /** Yearly SUM count ≥ 0, lead dept, contributing city1, plan 2021-2025. */
    public final String sum = TestEvents.code("T-SUM");
    /** Monthly index reported by the lead unit only, plan 2020-2030, no bounds. */
    public final String monthly = TestEvents.code("T-MONTH");
    /** A retired yearly target. */
    public final String retired = TestEvents.code("T-RETIRED");

    public static World create() {
        World w = new World();
        TestEvents.unit(w.province, null, "PROVINCE", w.provinceDivision);
        TestEvents.unit(w.dept, w.province, "PROVINCIAL_DEPARTMENT");
        TestEvents.unit(w.city1, w.province, "CITY", w.city1Division);
        TestEvents.unit(w.city2, w.province, "CITY", w.city2Division);
        TestEvents.unit(w.county1, w.city1, "COUNTY", w.county1Division);
        new TestEvents.Target(w.ratio).lead(w.dept).contributing(w.city1, w.city2).publish();
        new TestEvents.Target(w.sum).frequency("YEAR").aggregation("SUM").kind("CUMULATIVE")
                .bounds(BigDecimal.ZERO, null).lead(w.dept).contributing(w.city1).publish();
        new TestEvents.Target(w.monthly).frequency("MONTH").aggregation("LEAD_UNIT_ONLY").kind("INDEX")
                .bounds(null, null).plan(2020, 2030).lead(w.dept).publish();
        TestEvents.Target r = new TestEvents.Target(w.retired).frequency("YEAR").aggregation("SUM").lead(w.dept).contributing(w.city1);
        r.publish();
        r.revision = 2;
        r.retired = true;
        r.publish();
        awaitUnits(w.province, w.dept, w.city1, w.city2, w.county1);
        awaitTarget(w.ratio, 1);
        awaitTarget(w.sum, 1);
        awaitTarget(w.monthly, 1);
        awaitTarget(w.retired, 2);
        return w;
    }

    public static void awaitUnits(String... codes) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> {
                    UnitCopyRepository units = Arc.container().instance(UnitCopyRepository.class).get();
                    return Arrays.stream(codes).allMatch(c -> units.findById(c) != null);
                }));
    }

    public static UnitCopy unitCopy(String code) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(UnitCopyRepository.class).get().findById(code));
    }

    public static void awaitTarget(String code, int revision) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> {
                    TargetCopy t = Arc.container().instance(TargetCopyRepository.class).get().findById(code);
                    return t != null && t.revision >= revision;
                }));
    }
}
