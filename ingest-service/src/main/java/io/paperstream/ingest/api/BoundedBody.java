package io.paperstream.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.IntConsumer;

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
     * @param reserve told of every byte the buffer is about to grow by, before it grows (it may refuse by
     *                throwing)
     * @return the body, or null when it is longer than {@code maxBytes}
     */
    static BoundedBody read(InputStream in, long maxBytes, IntConsumer reserve) throws IOException {
        // one byte past the limit tells "exactly at the limit" from "over it"
        int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
        int first = Math.min(FIRST_BUFFER, cap);
        reserve.accept(first);
        byte[] buffer = new byte[first];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length == cap) {
                    return null;
                }
                // doubling keeps the copies to one body's worth in total
                int grown = (int) Math.min(2L * buffer.length, cap);
                reserve.accept(grown - buffer.length);
                buffer = Arrays.copyOf(buffer, grown);
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return new BoundedBody(buffer, length);
            }
            length += read;
        }
    }
}
