package cn.fjquality.reports.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.ZoneId;

public class ClockProducer {
    /** "Today" means today in Fujian, whatever the server's zone. */
    public static final ZoneId FUJIAN = ZoneId.of("Asia/Shanghai");

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.system(FUJIAN);
    }
}
