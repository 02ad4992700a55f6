package cn.fjquality.gateway.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressTest {

    @Test
    void ipv4AsItIsIpv6ByItsSlash64() {
        assertEquals("203.0.113.7", ClientAddress.key("203.0.113.7"));
        assertEquals("2001:0db8:0001:0002::/64", ClientAddress.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(ClientAddress.key("2001:db8:1:2::1"), ClientAddress.key("2001:db8:1:2:ffff::9"), "one /64, one client");
        assertEquals("2001:0db8:0001:0002::/64", ClientAddress.key("[2001:db8:1:2::1%eth0]"));
        assertEquals("192.0.2.1", ClientAddress.key("::ffff:192.0.2.1"), "IPv4-mapped counts as IPv4");
    }
}
