package cn.fjquality.problem;

import jakarta.ws.rs.core.Response;

final class HttpTitles {
    private HttpTitles() {
    }

    static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 499 -> "Client Closed Request";
            default -> "HTTP " + status;
        };
    }
}
