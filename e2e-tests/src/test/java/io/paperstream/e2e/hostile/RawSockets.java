package io.paperstream.e2e.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Bare HTTP/1.1 over sockets, for the requests no well-behaved client sends: a body shorter than its declared
 * length, and event streams that are opened and then never read.
 */
final class RawSockets {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** An HTTP head longer than this is not an answer the tests expect. */
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private RawSockets() {
    }

    /** How a raw request ended: the answer's status, or how the connection ended without one. */
    record Outcome(int status, String how) {

        static Outcome answered(int status) {
            return new Outcome(status, "status " + status);
        }

        static Outcome unanswered(String how) {
            return new Outcome(-1, how);
        }

        boolean serverError() {
            return status >= 500;
        }

        @Override
        public String toString() {
            return how;
        }
    }

    /** Opens a connection and writes a request head declaring {@code declaredLength}, then only {@code body}. */
    static Socket sendDeclaredLength(URI digests, String token, long declaredLength, byte[] body, Duration readTimeout)
            throws IOException {
        Socket socket = connect(digests, null, 0);
        socket.setSoTimeout((int) readTimeout.toMillis());
        String head = "POST " + digests.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + digests.getHost() + ":" + digests.getPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: " + declaredLength + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Reads the status line of whatever the server answers on {@code socket}, within its read timeout. */
    static Outcome awaitAnswer(Socket socket) {
        try (socket) {
            String statusLine = readLine(socket.getInputStream());
            if (statusLine == null) {
                return Outcome.unanswered("closed without an answer");
            }
            return Outcome.answered(status(statusLine));
        } catch (SocketTimeoutException e) {
            return Outcome.unanswered("no answer within the read timeout");
        } catch (IOException e) {
            return Outcome.unanswered("connection ended: " + e.getMessage());
        }
    }

    /**
     * Opens an event stream from {@code localAddress} with a small receive buffer and reads the answer's head only:
     * afterwards nobody reads the socket, so the server's writes pile up as with a stalled client.
     *
     * @return the open socket and its status; the socket is closed already when the answer was not 200
     */
    static SlowReader openSlowReader(URI stream, InetAddress localAddress, int receiveBuffer, Duration timeout) {
        Socket socket = null;
        try {
            socket = connect(stream, localAddress, receiveBuffer);
            socket.setSoTimeout((int) timeout.toMillis());
            String head = "GET " + stream.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + stream.getHost() + ":" + stream.getPort() + "\r\n"
                    + "Accept: text/event-stream\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = readLine(socket.getInputStream());
            int status = statusLine == null ? -1 : status(statusLine);
            if (status != 200) {
                socket.close();
                return new SlowReader(null, status, statusLine == null ? "closed" : statusLine);
            }
            skipHead(socket.getInputStream());
            return new SlowReader(socket, status, statusLine);
        } catch (IOException e) {
            closeQuietly(socket);
            return new SlowReader(null, -1, e.toString());
        }
    }

    /** An event stream that is never read; {@code socket} null when it was refused. */
    record SlowReader(Socket socket, int status, String answer) {

        boolean open() {
            return socket != null;
        }

        void close() {
            closeQuietly(socket);
        }
    }

    private static Socket connect(URI uri, InetAddress localAddress, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            // before connecting: the window the server may fill is negotiated at the handshake
            socket.setReceiveBufferSize(receiveBuffer);
        }
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) CONNECT_TIMEOUT.toMillis());
        return socket;
    }

    private static int status(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One CRLF-terminated line, or null at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            }
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("an answer line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void skipHead(InputStream in) throws IOException {
        String line;
        int read = 0;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            read += line.length();
            if (read > MAX_HEAD_BYTES) {
                throw new IOException("an answer head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a hostile client's socket: nothing to save
            }
        }
    }
}
