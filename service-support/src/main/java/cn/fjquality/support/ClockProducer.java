package cn.fjquality.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.ZoneId;

/**
 * The {@link Clock} every service injects instead of calling {@code now()}, so "today" is one decision (and tests can
 * reason about it). Discovered through this module's Jandex index.
 */
public class ClockProducer {
    /** "Today" means today in Fujian, whatever the server's zone. */
    public static final ZoneId FUJIAN = ZoneId.of("Asia/Shanghai");

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.system(FUJIAN);
    }
}
