package cn.fjquality.reports.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutlierDetectorTest {

    @Test
    void modifiedZUsesMedianAndMad() {
        // history 10, 11, 12, 13, 14: median 12, |dev| 2,1,0,1,2 → MAD 1
        List<Double> history = List.of(10.0, 11.0, 12.0, 13.0, 14.0);
        assertEquals(0.6745 * 8, OutlierDetector.modifiedZ(history, 20, 4).getAsDouble(), 1e-9);
        assertEquals(0.0, OutlierDetector.modifiedZ(history, 12, 4).getAsDouble(), 1e-9);
        assertEquals(-0.6745 * 4, OutlierDetector.modifiedZ(history, 8, 4).getAsDouble(), 1e-9);
    }

    @Test
    void evenHistoryTakesTheMiddleMean() {
        // 1, 2, 3, 4: median 2.5; deviations 1.5, .5, .5, 1.5 → MAD 1
        assertEquals(0.6745 * 2.5, OutlierDetector.modifiedZ(List.of(4.0, 1.0, 3.0, 2.0), 5, 4).getAsDouble(), 1e-9);
    }

    @Test
    void thresholdDecides() {
        List<Double> history = List.of(10.0, 11.0, 12.0, 13.0, 14.0);
        assertFalse(OutlierDetector.isOutlier(history, 17, 3.5, 4));  // z = 3.37
        assertTrue(OutlierDetector.isOutlier(history, 18, 3.5, 4));   // z = 4.05
        assertTrue(OutlierDetector.isOutlier(history, 6, 3.5, 4));    // z = -4.05
        assertFalse(OutlierDetector.isOutlier(history, 18, 5, 4));
    }

    @Test
    void needsEnoughHistory() {
        assertTrue(OutlierDetector.modifiedZ(List.of(1.0, 2.0, 3.0), 1000, 4).isEmpty());
        assertFalse(OutlierDetector.isOutlier(List.of(1.0, 2.0, 3.0), 1000, 3.5, 4));
        assertTrue(OutlierDetector.modifiedZ(List.of(1.0, 2.0, 3.0, 4.0), 1000, 4).isPresent());
    }

    @Test
    void zeroMadFallsBackToMeanAbsoluteDeviation() {
        // 5,5,5,9: median 5, MAD 0; mean |dev| = 1 → z = (x − 5) / 1.253314
        assertEquals(4 / 1.253314, OutlierDetector.modifiedZ(List.of(5.0, 5.0, 5.0, 9.0), 9, 4).getAsDouble(), 1e-9);
    }

    @Test
    void constantHistoryFlagsAnyChange() {
        List<Double> flat = List.of(7.0, 7.0, 7.0, 7.0);
        assertEquals(0.0, OutlierDetector.modifiedZ(flat, 7, 4).getAsDouble());
        assertTrue(OutlierDetector.isOutlier(flat, 7.1, 3.5, 4));
        assertFalse(OutlierDetector.isOutlier(flat, 7, 3.5, 4));
    }
}
