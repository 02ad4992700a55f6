package cn.fjquality.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects every log line of the gateway (this JVM) from the moment it is installed. */
final class LogCapture extends Handler {
    private static final LogCapture INSTANCE = new LogCapture();
    private static volatile boolean installed;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Formatter formatter = new SimpleFormatter();

    static LogCapture install() {
        if (!installed) {
            synchronized (LogCapture.class) {
                if (!installed) {
                    Logger.getLogger("").addHandler(INSTANCE);
                    installed = true;
                }
            }
        }
        return INSTANCE;
    }

    String all() {
        return String.join("\n", lines);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
