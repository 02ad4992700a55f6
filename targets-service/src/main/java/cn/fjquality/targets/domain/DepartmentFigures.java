package cn.fjquality.targets.domain;

/**
 * How the figures several units report for the same place and period combine. Departmental statistics are mostly
 * published by the lead department as the province's figure (LEAD_FIGURE); where several departments or agencies
 * each hold a part (the two customs districts, say), their figures are shares that add up (SUM_OF_SHARES).
 */
public enum DepartmentFigures {
    /**
     * The figure of the first reporter in precedence order: the target's lead units (in the target's order), the
     * place's own unit, the contributing units (in order), then any other unit (by code). The others are kept as
     * "other reports" beside it.
     */
    LEAD_FIGURE,
    /** Every reporter's figure is a share: SUM adds them, RATIO takes Σnumerator/Σdenominator. */
    SUM_OF_SHARES
}
