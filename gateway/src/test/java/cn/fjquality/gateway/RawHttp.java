package cn.fjquality.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Sends a request exactly as written (no client-side path normalization or header checks). */
final class RawHttp {
    record Response(int status, String headers, String body) {
        String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }

        /** The first header of that name, or null. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + body;
        }
    }

    private RawHttp() {
    }

    /** Headers read and as many body bytes as Content-Length says (the server need not close). */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                return text.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= length;
            }
        }
        return false;
    }

    static Response send(int port, String method, String target, String... headerLines) throws IOException {
        return sendFrom(null, port, method, target, headerLines);
    }

    /**
     * As {@link #send}, from the local address {@code from} (any 127.x.y.z works on Linux's loopback), so that a test
     * can be a client address of its own; null: the system's choice (127.0.0.1).
     */
    static Response sendFrom(InetAddress from, int port, String method, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        for (String h : headerLines) {
            request.append(h).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = from == null ? new Socket("127.0.0.1", port)
                : new Socket(InetAddress.getByName("127.0.0.1"), port, from, 0)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                    if (complete(all.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (java.net.SocketException e) {
                // the server may reset after answering; what was read is the answer
                if (all.size() == 0) {
                    throw e;
                }
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String statusLine = head.split("\r\n", 2)[0];
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            return new Response(status, head, body);
        }
    }
}
