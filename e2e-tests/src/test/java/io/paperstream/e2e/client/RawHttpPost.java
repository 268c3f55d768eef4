package io.paperstream.e2e.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 POST over a socket for bodies the server may refuse before reading them: the body is
 * written on another thread while the answer is read, so an early answer (413 and {@code Connection: close})
 * is seen even when the server stops reading. The JDK client cannot do this: it waits until the whole body
 * is sent, and with {@code Expect: 100-continue} it hangs on a final answer instead of a 100.
 */
public final class RawHttpPost {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CHUNK = 64 * 1024;

    /** The answer: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttpPost() {
    }

    /**
     * @param chunked send the body with {@code Transfer-Encoding: chunked} (no declared length) instead of a
     *                {@code Content-Length}
     */
    public static Answer post(URI uri, Map<String, String> headers, byte[] body, boolean chunked) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            Thread writer = new Thread(() -> writeBody(out, body, chunked), "e2e-raw-post-body");
            writer.setDaemon(true);
            writer.start();
            Answer answer = readAnswer(socket.getInputStream());
            writer.interrupt();
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " failed", e);
        }
    }

    private static void writeBody(OutputStream out, byte[] body, boolean chunked) {
        try {
            for (int from = 0; from < body.length; from += CHUNK) {
                int length = Math.min(CHUNK, body.length - from);
                if (chunked) {
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(body, from, length);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException stoppedReading) {
            // the server answered early and closed: exactly what this client exists to observe
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP answer, got: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
