package cn.fjquality.targets.domain.progress;

/** How much of a whole a figure covers: {@code covered} of {@code of} child places, or months of the period. */
public record Coverage(int covered, int of) {
    public boolean complete() {
        return covered >= of;
    }

    @Override
    public String toString() {
        return covered + " of " + of;
    }
}
