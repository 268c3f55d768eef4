package io.paperstream.ingest.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 request written by hand, for what no client library sends: a Content-Length that lies. */
final class RawHttp {

    /** What came back: a status, or the connection's end without one. */
    static final int CONNECTION_ENDED = -1;

    /** Guards against a hang only; no test depends on how long the server takes. */
    private static final int HANG_GUARD_MILLIS = 120_000;

    private RawHttp() {
    }

    /**
     * POSTs a text/plain body to {@code uri} declaring {@code declaredLength} bytes, then either half-closes the
     * connection (the client is done sending) or waits, and returns the status of the answer.
     */
    static int postDeclaring(URI uri, long declaredLength, byte[] sent, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(HANG_GUARD_MILLIS);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: " + declaredLength + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(sent);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String statusLine;
            try {
                statusLine = in.readLine();
            } catch (SocketException reset) {
                return CONNECTION_ENDED;
            }
            if (statusLine == null || statusLine.isEmpty()) {
                return CONNECTION_ENDED;
            }
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
