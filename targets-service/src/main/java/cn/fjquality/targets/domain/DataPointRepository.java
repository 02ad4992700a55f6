package cn.fjquality.targets.domain;

import cn.fjquality.targets.domain.progress.ReportedValue;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class DataPointRepository implements PanacheRepository<DataPoint> {
    // A projection, not entities: a target can hold tens of thousands of values and nothing here changes them.
    private static final String REPORTED = "select new cn.fjquality.targets.domain.progress.ReportedValue(d.unitCode, d.placeCode, "
            + "d.period, d.periodStart, d.periodEnd, d.value, d.numerator, d.denominator, d.status, d.submittedAt) "
            + "from DataPoint d where d.targetCode = :target";

    public Optional<DataPoint> findByMeasurement(String measurementId) {
        return find("measurementId", measurementId).firstResultOptional();
    }

    /**
     * The stored points of these measurements (a consumer's whole poll), by measurement id, in one query (one lookup of
     * the unique measurement id each).
     */
    public Map<String, DataPoint> findByMeasurements(Collection<String> measurementIds) {
        Map<String, DataPoint> found = new HashMap<>();
        if (!measurementIds.isEmpty()) {
            for (DataPoint dp : list("measurementId in ?1", List.copyOf(measurementIds))) {
                found.put(dp.measurementId, dp);
            }
        }
        return found;
    }

    public List<DataPoint> forTarget(String target) {
        return list("targetCode", target);
    }

    /** Every value of the target (every unit and place: the roll-up needs them all). */
    public List<ReportedValue> reported(String target) {
        return getEntityManager().createQuery(REPORTED, ReportedValue.class).setParameter("target", target).getResultList();
    }
}
