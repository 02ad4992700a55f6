package cn.fjquality.reports.domain;

import cn.fjquality.events.period.Frequency;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class TargetCopyRepository implements PanacheRepositoryBase<TargetCopy, String> {

    /** Live targets of this frequency whose plan horizon covers the year. */
    public List<TargetCopy> owingReports(Frequency frequency, int year) {
        return list("reportingFrequency = ?1 and planStartYear <= ?2 and planEndYear >= ?2 and retired = false order by code",
                frequency.name(), year);
    }

    /** Live targets of this frequency, whatever their plan horizon. */
    public List<TargetCopy> live(Frequency frequency) {
        return list("reportingFrequency = ?1 and retired = false order by code", frequency.name());
    }

    /** Codes of the targets (retired ones too: their values may still wait for review) the unit is a lead unit of. */
    @SuppressWarnings("unchecked")
    public List<String> ledBy(String unitCode) {
        return getEntityManager().createNativeQuery("SELECT code FROM target_copy WHERE :unit = ANY (lead_units) ORDER BY code")
                .setParameter("unit", unitCode)
                .getResultList();
    }
}
