package io.paperstream.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read into a buffer that grows with the bytes that actually arrive, never beyond the limit:
 * what a {@code Content-Length} header declares allocates nothing, so a client that declares 16 MB and sends
 * 30 bytes holds 64 KiB, not 16 MB.
 *
 * @param bytes  the buffer; only its first {@code length} bytes are the body
 * @param length bytes read
 */
record BoundedBody(byte[] bytes, int length) {

    /** The first buffer: most digests fit, and a lying or slow client costs no more than this. */
    static final int FIRST_BUFFER = 64 * 1024;

    /**
     * Reads the whole body, or stops one byte past {@code maxBytes}.
     *
     * @return the body, or null when it is longer than {@code maxBytes}
     */
    static BoundedBody read(InputStream in, long maxBytes) throws IOException {
        // one byte past the limit tells "exactly at the limit" from "over it"
        int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
        byte[] buffer = new byte[Math.min(FIRST_BUFFER, cap)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length == cap) {
                    return null;
                }
                // doubling keeps the copies to one body's worth in total
                buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, cap));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return new BoundedBody(buffer, length);
            }
            length += read;
        }
    }
}
