package cn.fjquality.units.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepository<ApiKey> {

    public Optional<ApiKey> findByKeyId(String keyId) {
        return find("keyId", keyId).firstResultOptional();
    }

    public List<ApiKey> listFiltered(String unitCode, String role, boolean includeRevoked) {
        StringBuilder where = new StringBuilder("1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (unitCode != null) {
            where.append(" and unitCode = :unit");
            params.put("unit", unitCode);
        }
        if (role != null) {
            where.append(" and role = :role");
            params.put("role", role);
        }
        if (!includeRevoked) {
            where.append(" and revokedAt is null");
        }
        return list(where.toString(), Sort.by("createdAt").and("id"), params);
    }
}
