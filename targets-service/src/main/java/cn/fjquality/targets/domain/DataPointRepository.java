package cn.fjquality.targets.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DataPointRepository implements PanacheRepository<DataPoint> {

    public Optional<DataPoint> find(String target, String unit, String period) {
        return find("targetCode = ?1 and unitCode = ?2 and period = ?3", target, unit, period).firstResultOptional();
    }

    public List<DataPoint> forTarget(String target) {
        return list("targetCode", target);
    }

    public List<DataPoint> forTargets(Collection<String> targets) {
        return targets.isEmpty() ? List.of() : list("targetCode in ?1", targets);
    }
}
