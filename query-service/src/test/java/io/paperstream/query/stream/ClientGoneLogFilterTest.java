package io.paperstream.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class ClientGoneLogFilterTest {

    private final ClientGoneLogFilter filter = new ClientGoneLogFilter();

    @Test
    void anErrorBecauseTheConnectionIsClosedIsDropped() {
        assertThat(filter.isLoggable(error(new ClosedChannelException()))).isFalse();
        assertThat(filter.isLoggable(error(new UncheckedIOException(new IOException("Broken pipe"))))).isFalse();
    }

    @Test
    void everyOtherRecordIsKept() {
        assertThat(filter.isLoggable(error(new IllegalStateException("a bug of the service")))).isTrue();
        assertThat(filter.isLoggable(error(new com.fasterxml.jackson.core.JsonParseException(null, "bad JSON"))))
                .isTrue();
        assertThat(filter.isLoggable(error(null))).isTrue();
        LogRecord debug = new LogRecord(Level.FINE, "closed");
        debug.setThrown(new ClosedChannelException());
        assertThat(filter.isLoggable(debug)).isTrue();
    }

    private static LogRecord error(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        record.setThrown(thrown);
        return record;
    }
}
