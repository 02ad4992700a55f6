package cn.fjquality.reports.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that knows whether it arrived whole. When the client (or the gateway, on its timeout) drops the
 * connection mid-body, the body simply ends early, and the CSV parser would take the cut last line as a row (a value
 * of "9766" cut to "97" is still a number). Reading past the end of fewer bytes than Content-Length declared, or any
 * read failure of the connection, marks the body {@link #incomplete()} and fails the read, so the import stores
 * nothing of the rows it had not yet committed.
 */
public final class DeclaredLengthBody extends FilterInputStream {
    /** Thrown by reads of a body that ended early or broke off. */
    static final class Incomplete extends IOException {
        Incomplete(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final long declared;
    private long received;
    private String incomplete;

    /** @param declared the Content-Length, or a negative number when none was sent (chunked: no length check). */
    DeclaredLengthBody(InputStream in, long declared) {
        super(in);
        this.declared = declared;
    }

    /** The Content-Length header as a number, -1 when absent or not a number. */
    public static long parseLength(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Why the body is incomplete, or null while it is (so far) whole. */
    String incomplete() {
        return incomplete;
    }

    long received() {
        return received;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (incomplete != null) {
            throw new Incomplete(incomplete, null);
        }
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            incomplete = "the connection broke off after " + received + " bytes of the body";
            throw new Incomplete(incomplete, e);
        }
        if (n == -1) {
            if (declared >= 0 && received < declared) {
                incomplete = "the body ended after " + received + " of the " + declared + " bytes its Content-Length declared";
                throw new Incomplete(incomplete, null);
            }
            return -1;
        }
        received += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // through read(), so skipped bytes are counted too
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r == -1) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
