package io.paperstream.enrich.streams;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a Kafka Streams application of the service does when a stream thread dies of an exception no processor
 * caught: a new thread replaces it, up to {@code paperstream.streams.max-thread-replacements} times in the life of
 * the client; after that the client shuts down (state ERROR), so that its health checks report DOWN and the service
 * is restarted, instead of a fault that comes back on every new thread looping for ever or a dead stream answering
 * UP. One instance per application: each counts its own replacements.
 */
public final class BoundedThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(BoundedThreadReplacement.class);

    private final String application;
    private final int maxReplacements;
    private final AtomicInteger replacements = new AtomicInteger();

    public BoundedThreadReplacement(String application, int maxReplacements) {
        if (maxReplacements < 0) {
            throw new IllegalArgumentException("max thread replacements must be 0 or more: " + maxReplacements);
        }
        this.application = application;
        this.maxReplacements = maxReplacements;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        int replacement = replacements.incrementAndGet();
        if (replacement <= maxReplacements) {
            LOG.errorf(exception, "%s: a stream thread died; replacing it (%d of at most %d replacements)",
                    application, replacement, maxReplacements);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.errorf(exception, "%s: a stream thread died after %d replacements; shutting the Kafka Streams client "
                + "down (health DOWN)", application, maxReplacements);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
