package io.paperstream.query.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Counts open streams, in total and per client address, and refuses those beyond the limits. */
final class StreamLimits {

    private final int maxTotal;
    private final int maxPerClient;
    private final Map<String, Integer> perClient = new HashMap<>();
    private int total;

    StreamLimits(int maxTotal, int maxPerClient) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Takes a slot for the client, or throws {@link StreamLimitException}. */
    synchronized Slot acquire(String client) {
        int mine = perClient.getOrDefault(client, 0);
        if (mine >= maxPerClient) {
            throw new StreamLimitException(true, "this client already has " + mine + " open streams (limit "
                    + maxPerClient + ")");
        }
        if (total >= maxTotal) {
            throw new StreamLimitException(false, "the service already serves " + total + " streams (limit "
                    + maxTotal + ")");
        }
        total++;
        perClient.put(client, mine + 1);
        return new Slot(client);
    }

    synchronized int open() {
        return total;
    }

    private synchronized void release(String client) {
        total--;
        perClient.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** One open stream; released once, however many times {@link #release()} is called. */
    final class Slot {

        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String client) {
            this.client = client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                StreamLimits.this.release(client);
            }
        }
    }
}
