package cn.fjquality.problem;

import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that closed its connection mid-request is a 499 logged at DEBUG, not an unhandled 500 logged at ERROR. */
class ClientGoneTest {

    @Test
    void aClosedConnectionWhileTheBodyIsReadIsTheClientGone() {
        // How RESTEasy Reactive hands it over when a blocking resource reads a body whose connection closed.
        assertTrue(ProblemExceptionMappers.isClientGone(
                new UncheckedIOException(new IOException(new HttpClosedException("Connection was closed")))));
        assertTrue(ProblemExceptionMappers.isClientGone(new HttpClosedException("Connection was closed")));
    }

    @Test
    void otherIoFailuresAreNot() {
        assertFalse(ProblemExceptionMappers.isClientGone(new UncheckedIOException(new IOException("disk full"))));
        assertFalse(ProblemExceptionMappers.isClientGone(new IllegalStateException("bug")));
    }
}
