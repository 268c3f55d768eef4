package io.paperstream.query.stream;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpClosedException;

/**
 * RESTEasy Reactive logs an ERROR ("Exception in SSE server handling, impossible to send it to client") whenever a
 * write of a stream fails after its head was sent: also when the client went away, or when a subscriber that stopped
 * reading is disconnected ({@link ThemeStreamHub} logs that at INFO, with the reason). Those are the client's doing,
 * not a failure of the service: this filter drops them from that logger, and keeps every other record of it.
 */
@ApplicationScoped
public class ClientGoneLogFilter implements Filter {

    private static final String LOGGER = PublisherResponseHandler.class.getName();

    void install(@Observes StartupEvent event) {
        Logger logger = Logger.getLogger(LOGGER);
        Filter previous = logger.getFilter();
        logger.setFilter(previous == null ? this : record -> isLoggable(record) && previous.isLoggable(record));
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        return record.getLevel().intValue() < Level.SEVERE.intValue() || !clientGone(record.getThrown());
    }

    /** A write failed because the connection is closed (by the client, or by a drop): nothing of the service's. */
    static boolean clientGone(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // a socket's own failures (Netty's native ones, the JDK's "Broken pipe"); not any IOException (a JSON
            // processing failure is one, and is the service's)
            if (cause instanceof ClosedChannelException || cause instanceof HttpClosedException
                    || cause instanceof SocketException || cause.getClass() == IOException.class
                    || cause instanceof IOException && cause.getClass().getName().startsWith("io.netty.")) {
                return true;
            }
        }
        return false;
    }
}
