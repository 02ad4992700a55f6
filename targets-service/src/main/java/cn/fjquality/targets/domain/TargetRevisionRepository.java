package cn.fjquality.targets.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class TargetRevisionRepository implements PanacheRepository<TargetRevision> {

    /** Every revision of a target, newest first. */
    public List<TargetRevision> newestFirst(String targetCode) {
        return list("targetCode", Sort.descending("revision"), targetCode);
    }
}
