package io.paperstream.query.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.paperstream.query.config.QueryConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Gives the HTTP connections a fixed send buffer ({@code paperstream.query.stream.socket-send-buffer}). With the
 * kernel's autotuning, a theme stream whose client stopped reading kept absorbing megabytes of events into the socket,
 * so the stream's backlog never grew and its slot was never freed; with a small buffer the backlog bounds of
 * {@link ThemeSubscriber} see it after little data.
 */
@ApplicationScoped
public class StreamSocketOptions implements HttpServerOptionsCustomizer {

    @Inject
    QueryConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        long bytes = config.stream().socketSendBuffer().asLongValue();
        if (bytes > 0) {
            options.setSendBufferSize(Math.toIntExact(bytes));
        }
    }
}
