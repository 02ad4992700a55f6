package cn.fjquality.outbox;

/**
 * A consumer's wait (a retry's backoff, a dead letter's acknowledgement) was interrupted: the application is stopping.
 * Thrown out of the {@code @Incoming} method so the record is neither applied nor acknowledged; the channels run with
 * the {@code fail} strategy, which commits no offset for it, so it is delivered again after the restart.
 */
public class ConsumerInterruptedException extends RuntimeException {
    public ConsumerInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
