package cn.fjquality.reports.service;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeclaredLengthBodyTest {
    private static final byte[] CSV = "target,unit,period,value\nT,U,2024,1200\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWholeBodyReadsToItsEnd() throws IOException {
        DeclaredLengthBody body = new DeclaredLengthBody(new ByteArrayInputStream(CSV), CSV.length);
        assertArrayEquals(CSV, body.readAllBytes());
        assertNull(body.incomplete());
        assertEquals(CSV.length, body.received());
    }

    @Test
    void aBodyEndingBeforeItsContentLengthFailsAtTheEnd() throws IOException {
        DeclaredLengthBody body = new DeclaredLengthBody(new ByteArrayInputStream(CSV, 0, CSV.length - 3), CSV.length);
        byte[] buffer = new byte[CSV.length];
        int read = body.read(buffer, 0, buffer.length);
        assertEquals(CSV.length - 3, read); // what arrived is handed on; only reading past it fails
        DeclaredLengthBody.Incomplete e = assertThrows(DeclaredLengthBody.Incomplete.class, () -> body.read(buffer, 0, buffer.length));
        assertEquals("the body ended after " + (CSV.length - 3) + " of the " + CSV.length + " bytes its Content-Length declared",
                e.getMessage());
        assertNotNull(body.incomplete());
        assertThrows(DeclaredLengthBody.Incomplete.class, body::read); // and stays failed
    }

    @Test
    void aBrokenConnectionIsAnIncompleteBody() {
        InputStream breaking = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ < 10) {
                    return 'x';
                }
                throw new IOException("Connection was closed");
            }
        };
        DeclaredLengthBody body = new DeclaredLengthBody(breaking, -1);
        assertThrows(DeclaredLengthBody.Incomplete.class, body::readAllBytes);
        assertEquals("the connection broke off after 10 bytes of the body", body.incomplete());
    }

    @Test
    void withoutContentLengthAnEarlyEndCannotBeTold() throws IOException {
        DeclaredLengthBody body = new DeclaredLengthBody(new ByteArrayInputStream(CSV, 0, 10), DeclaredLengthBody.parseLength(null));
        assertEquals(10, body.readAllBytes().length);
        assertNull(body.incomplete());
        assertEquals(-1, DeclaredLengthBody.parseLength("12x"));
        assertEquals(12, DeclaredLengthBody.parseLength(" 12 "));
    }
}
