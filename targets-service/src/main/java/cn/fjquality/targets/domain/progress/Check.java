package cn.fjquality.targets.domain.progress;

/**
 * A reconciliation: a figure reported directly beside the one that could be derived for the same place and period
 * (the roll-up of the places below it, or the sum of its finer periods), their difference, and whether it is large
 * enough to look into.
 *
 * @param kind               PLACES (reported vs the children's roll-up) or PERIODS (reported vs its finer periods)
 * @param reported           the figure reported directly (the one used)
 * @param derived            the roll-up or the figure from the finer periods
 * @param difference         reported − derived
 * @param relativeDifference difference / |reported| (null when reported is 0)
 * @param coverage           what the derived figure covers (child places, or months)
 * @param flagged            the two disagree by more than the tolerance where they should agree
 * @param note               why it is (or is not) flagged, in words
 */
public record Check(Kind kind, double reported, double derived, double difference, Double relativeDifference,
                    Coverage coverage, boolean flagged, String note) {
    public enum Kind { PLACES, PERIODS }
}
