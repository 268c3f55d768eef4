package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamClientsTest {

    @Test
    void everyLoopbackAddressIsOneClient() {
        assertThat(StreamClients.key("127.0.0.1")).isEqualTo(StreamClients.key("127.45.3.200"))
                .isEqualTo(StreamClients.key("::1")).isEqualTo(StreamClients.key("[::1]"));
    }

    @Test
    void anIpv6ClientIsItsSlash64AndAnIpv4ClientItsAddress() {
        assertThat(StreamClients.key("2001:db8:1:2:aaaa::1")).isEqualTo(StreamClients.key("2001:db8:1:2:ffff::9"))
                .isNotEqualTo(StreamClients.key("2001:db8:1:3::1"));
        assertThat(StreamClients.key("192.0.2.1")).isEqualTo("192.0.2.1")
                .isNotEqualTo(StreamClients.key("192.0.2.2"));
    }

    @Test
    void aLoopbackProcessUsingManyAddressesGetsOneClientsStreams() {
        StreamLimits limits = new StreamLimits(500, 3);
        for (int i = 1; i <= 3; i++) {
            limits.acquire(StreamClients.key("127.0.0." + i));
        }
        // the fourth address of the same machine is the same client: refused as such, the service still has room
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> limits.acquire(StreamClients.key("127.0.0.4")))
                .isInstanceOfSatisfying(StreamLimitException.class, e -> assertThat(e.perClient()).isTrue());
        limits.acquire(StreamClients.key("192.0.2.1"));
    }
}
