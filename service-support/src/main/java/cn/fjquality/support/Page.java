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
}
