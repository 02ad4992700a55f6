package cn.fjquality.gateway.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes the connection of a request whose body the gateway refused (413), but only after reading and dropping what
 * the client still sends, for a bounded time and number of bytes.
 *
 * <p>Why: most clients write their whole body before they read the answer. Closing a socket while unread bytes sit in
 * its receive buffer makes the kernel send a reset instead of a clean end, and the reset can reach the client before
 * it has read the 413: it then sees "connection reset" or "broken pipe" and never learns why (the fuzz suite met this
 * as "HTTP/1.1 header parser received no bytes"). nginx calls the same cure "lingering close". The bounds keep a
 * client that never stops sending from holding the connection: past them it is closed as before.
 */
final class LingeringClose {
    /** At most this long from the answer to the close. */
    static final long MAX_MILLIS = 5_000;
    /** At most this many body bytes are read and dropped after the answer. */
    static final long MAX_BYTES = 128L * 1024 * 1024;

    private final Vertx vertx;
    private final HttpConnection connection;
    private long drained;
    private long timer = -1;
    private boolean closed;

    private LingeringClose(Vertx vertx, HttpConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
    }

    /** Call once the answer has been written; on the request's event loop. */
    static void afterAnswer(Vertx vertx, HttpServerRequest request) {
        LingeringClose linger = new LingeringClose(vertx, request.connection());
        if (request.isEnded()) {
            linger.close();
            return;
        }
        linger.timer = vertx.setTimer(MAX_MILLIS, t -> linger.close());
        try {
            request.handler(buffer -> {
                linger.drained += buffer.length();
                if (linger.drained > MAX_BYTES) {
                    linger.close();
                }
            });
            request.endHandler(v -> linger.close());
            request.exceptionHandler(e -> linger.close());
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            // The body was consumed (or the request ended) in between: nothing is left to drain.
            linger.close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        connection.close();
    }
}
