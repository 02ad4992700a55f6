package cn.fjquality.gateway.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The client a request is counted against for failed authentications: the address of the connection
 * ({@link HttpServerRequest#remoteAddress()}). X-Forwarded-For and Forwarded are not read: the gateway honours no
 * forwarding header (Quarkus' {@code quarkus.http.proxy.*} is off), exactly as its rate limits (per key) and access log
 * (no address) do. Behind a load balancer, switch Quarkus' proxy support on for the balancer's addresses only
 * ({@code quarkus.http.proxy.proxy-address-forwarding}, {@code trusted-proxies}): {@code remoteAddress()} is then the
 * forwarded client, and this class follows it (docs/gateway.md).
 *
 * <p>IPv6 addresses count by their /64 prefix: one host usually holds a whole /64, so counting single addresses would
 * let it try 2^64 times.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        return host == null || host.isEmpty() ? "unknown" : key(host);
    }

    /** An IPv4 address as it is; an IPv6 address as its /64 prefix ({@code 2001:db8:1:2::/64}). */
    static String key(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        String literal = host;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // A literal (remote addresses are always literals): no name lookup happens.
            InetAddress address = InetAddress.getByName(literal);
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress(); // IPv4-mapped
            }
            byte[] bytes = address.getAddress();
            HexFormat hex = HexFormat.of();
            return hex.formatHex(bytes, 0, 2) + ":" + hex.formatHex(bytes, 2, 4) + ":" + hex.formatHex(bytes, 4, 6)
                    + ":" + hex.formatHex(bytes, 6, 8) + "::/64";
        } catch (UnknownHostException | IllegalArgumentException e) {
            return host;
        }
    }
}
