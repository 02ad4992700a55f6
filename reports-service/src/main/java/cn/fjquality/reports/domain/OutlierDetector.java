package cn.fjquality.reports.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.OptionalDouble;

/**
 * Modified z-score (Iglewicz and Hoaglin): M = 0.6745 (x − median) / MAD over the unit's own history.
 * When MAD is 0 the mean absolute deviation is used (M = (x − median) / (1.253314 · meanAD)); when that
 * is 0 too (a constant history) any different value is infinitely far. Pure functions, no state.
 */
public final class OutlierDetector {
    public static final double DEFAULT_THRESHOLD = 3.5;
    public static final int DEFAULT_MIN_HISTORY = 4;

    private OutlierDetector() {
    }

    /** The modified z-score of {@code x}, or empty when the history has fewer than {@code minHistory} points. */
    public static OptionalDouble modifiedZ(Collection<Double> history, double x, int minHistory) {
        if (history == null || history.size() < Math.max(1, minHistory)) {
            return OptionalDouble.empty();
        }
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        double median = median(h);
        double[] dev = Arrays.stream(h).map(v -> Math.abs(v - median)).toArray();
        double mad = median(dev);
        double diff = x - median;
        if (mad > 0) {
            return OptionalDouble.of(0.6745 * diff / mad);
        }
        double meanAd = Arrays.stream(dev).average().orElse(0);
        if (meanAd > 0) {
            return OptionalDouble.of(diff / (1.253314 * meanAd));
        }
        return OptionalDouble.of(diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff));
    }

    /** True when |M| exceeds the threshold (and the history is long enough to judge). */
    public static boolean isOutlier(Collection<Double> history, double x, double threshold, int minHistory) {
        OptionalDouble z = modifiedZ(history, x, minHistory);
        return z.isPresent() && Math.abs(z.getAsDouble()) > threshold;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
