package cn.fjquality.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Passes a request body through while counting it; past {@code limit} bytes it stops and fails the
 * stream, so a chunked upload without Content-Length is cut off at the route's limit too. Nothing is
 * buffered here.
 */
final class LimitedReadStream implements ReadStream<Buffer> {
    /** Signals that the body went over the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body over the limit", null, false, false);
        }
    }

    private final ReadStream<Buffer> delegate;
    private final long limit;
    private long count;
    private boolean exceeded;
    private Handler<Throwable> exceptionHandler;
    private Handler<Buffer> handler;

    LimitedReadStream(ReadStream<Buffer> delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        if (handler == null) {
            delegate.handler(null);
        } else {
            delegate.handler(this::onData);
        }
        return this;
    }

    private void onData(Buffer buffer) {
        if (exceeded) {
            return;
        }
        count += buffer.length();
        if (count > limit) {
            exceeded = true;
            delegate.pause();
            if (exceptionHandler != null) {
                exceptionHandler.handle(new TooLarge());
            }
            return;
        }
        Handler<Buffer> h = handler;
        if (h != null) {
            h.handle(buffer);
        }
    }

    @Override
    public ReadStream<Buffer> pause() {
        delegate.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!exceeded) {
            delegate.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!exceeded) {
            delegate.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        delegate.endHandler(endHandler == null ? null : v -> {
            if (!exceeded) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
