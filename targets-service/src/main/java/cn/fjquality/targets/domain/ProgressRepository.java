package cn.fjquality.targets.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class ProgressRepository implements PanacheRepositoryBase<ProgressRow, ProgressRow.Key> {

    public Optional<ProgressRow> find(String target, String scope) {
        return findByIdOptional(new ProgressRow.Key(target, scope));
    }

    /** The stored assessments of these scopes of the target, by scope, in one query. */
    public Map<String, ProgressRow> atScopes(String target, Collection<String> scopes) {
        Map<String, ProgressRow> found = new HashMap<>();
        if (!scopes.isEmpty()) {
            for (ProgressRow row : list("targetCode = ?1 and scope in ?2", target, scopes)) {
                found.put(row.scope, row);
            }
        }
        return found;
    }

    public List<ProgressRow> forTarget(String target) {
        return list("targetCode", target);
    }

    public List<ProgressRow> atScope(String scope, Collection<String> targets) {
        return targets.isEmpty() ? List.of() : list("scope = ?1 and targetCode in ?2", scope, targets);
    }

    /** Codes of the targets that have any stored assessment (the daily recompute walks these). */
    public List<String> targetCodes() {
        return getEntityManager().createQuery("select distinct p.targetCode from ProgressRow p order by 1", String.class)
                .getResultList();
    }
}
