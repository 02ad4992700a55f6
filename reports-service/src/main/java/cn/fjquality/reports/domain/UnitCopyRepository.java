package cn.fjquality.reports.domain;

import cn.fjquality.security.UnitHierarchy;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

@ApplicationScoped
public class UnitCopyRepository implements PanacheRepositoryBase<UnitCopy, String>, UnitHierarchy {

    @Override
    public boolean isDescendant(String unit, String ancestor) {
        UnitCopy u = findById(unit);
        for (int depth = 0; u != null && u.parentCode != null && depth < 32; depth++) {
            if (Objects.equals(u.parentCode, ancestor)) {
                return true;
            }
            u = findById(u.parentCode);
        }
        return false;
    }

    /**
     * The unit a 6-digit division code names; should two units carry the same code (a copy between a unit's retirement
     * and its successor's registration), a still active one first, then the one active latest, then by code.
     */
    public UnitCopy byDivisionCode(String divisionCode) {
        return find("divisionCode = ?1 order by case when activeTo is null then 0 else 1 end, activeTo desc, code", divisionCode)
                .firstResult();
    }

    /** The unit and all its descendants (codes). */
    @SuppressWarnings("unchecked")
    public List<String> subtreeCodes(String code) {
        return getEntityManager().createNativeQuery("""
                        WITH RECURSIVE tree AS (
                            SELECT code FROM unit_copy WHERE code = :code
                            UNION
                            SELECT c.code FROM unit_copy c JOIN tree t ON c.parent_code = t.code
                        )
                        SELECT code FROM tree""")
                .setParameter("code", code)
                .getResultList();
    }
}
