package io.paperstream.query.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/** Who a stream's client is, for the per-client limit, and how to cut its stream off. */
public final class StreamClients {

    /** Every loopback address (127.0.0.0/8, ::1): one machine, counted as one client. */
    static final String LOOPBACK = "loopback";
    /** Bits of an IPv6 address that name one client: a /64 is what one host or site gets. */
    private static final int IPV6_CLIENT_PREFIX_BITS = 64;

    private StreamClients() {
    }

    /**
     * The key a client's streams are counted under. One process can use every address of 127.0.0.0/8 (or of its
     * IPv6 /64), so counting per address would not bound it: all loopback addresses are one client, an IPv6 client
     * is its /64, an IPv4 client its address.
     */
    static String key(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        InetAddress parsed;
        try {
            // an IP literal (what Vert.x gives): no name lookup happens
            parsed = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
                    : address);
        } catch (UnknownHostException | SecurityException e) {
            return address;
        }
        if (parsed.isLoopbackAddress()) {
            return LOOPBACK;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 16) {
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < IPV6_CLIENT_PREFIX_BITS / 8; i += 2) {
                prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return prefix.append(":/").append(IPV6_CLIENT_PREFIX_BITS).toString();
        }
        return parsed.getHostAddress();
    }

    /**
     * Ends the request's stream now. {@link HttpConnection#close()} first flushes what is queued on the connection,
     * which never happens for a client that stopped reading (it stayed connected, holding its slot): an HTTP/1.x
     * connection is closed on the socket instead; an HTTP/2 stream is reset (the connection's other streams go on).
     */
    public static void disconnect(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
            return;
        }
        HttpConnection connection = request.connection();
        if (connection instanceof ConnectionBase socket) {
            socket.channel().close();
        } else if (connection != null) {
            connection.close();
        }
    }
}
