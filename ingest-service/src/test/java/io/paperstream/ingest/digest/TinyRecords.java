package io.paperstream.ingest.digest;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The digest of issue 15 that ran ingest out of memory: distinct valid records of a title and a two-letter summary,
 * about 14 bytes each (1,000,000 of them make about 14 MB). Two lines per record.
 */
public final class TinyRecords {

    public static final int LINES_PER_RECORD = 2;

    private TinyRecords() {
    }

    public static String title(int record) {
        return "Pap " + record;
    }

    private static String record(int record) {
        return title(record) + "\nab\n";
    }

    public static byte[] bytes(int records) {
        StringBuilder digest = new StringBuilder(records * 16);
        for (int i = 0; i < records; i++) {
            digest.append(record(i));
        }
        return digest.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The same digest made while it is read, so that a test sending it holds none of it. */
    public static InputStream stream(int records) {
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                if (position == current.length) {
                    if (next == records) {
                        return -1;
                    }
                    current = record(next++).getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                return current[position++] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int count = 0;
                while (count < length) {
                    int b = read();
                    if (b < 0) {
                        return count == 0 ? -1 : count;
                    }
                    buffer[offset + count++] = (byte) b;
                }
                return count;
            }
        };
    }
}
