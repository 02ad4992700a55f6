package cn.fjquality.support;

import java.util.List;

/**
 * One page of a query's results and how many there are in all: what a repository's paged search returns, so services
 * and resources pass it on without depending on the repository that made it.
 */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> empty(long total) {
        return new Page<>(List.of(), total);
    }

    /** Fetches the rows from {@code first} to {@code last}, both included (as Panache's {@code range} takes them). */
    @FunctionalInterface
    public interface Rows<T> {
        List<T> fetch(int first, int last);
    }

    /**
     * Page {@code page} (from 0) of {@code size} rows among {@code total} matches. The offset is computed in long:
     * page × size overflows an int (page=2147483647&size=500, which an int offset turned negative: a 500). A page past
     * the last match is empty without asking the database, so the offset handed to it is below the total and fits an int.
     */
    public static <T> Page<T> of(long total, int page, int size, Rows<T> rows) {
        long offset = (long) page * size;
        if (offset >= total) {
            return empty(total);
        }
        int first = Math.toIntExact(offset);
        int last = (int) Math.min(offset + size - 1, Integer.MAX_VALUE);
        return new Page<>(rows.fetch(first, last), total);
    }
}
