package io.paperstream.ingest.messaging;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import io.paperstream.events.KafkaTopics;
import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.config.TopicsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the topics ingest writes to (compacted {@code papers.parsed}, retained {@code papers.dead-letter}) so
 * that the broker's auto-creation never picks their settings. Tried at startup and then in the background until
 * it works, so a broker that is down when the service starts delays nothing but readiness; a POST that comes
 * first tries once more itself and answers 503 if the topics still cannot be made.
 */
@ApplicationScoped
public class IngestTopics {

    private static final Logger LOG = Logger.getLogger(IngestTopics.class);

    private final KafkaClients clients;
    private final IngestConfig.Kafka kafka;
    private final List<KafkaTopics.Spec> specs;
    private volatile boolean ready;
    private volatile String lastError = "not tried yet";
    private boolean warned;
    private ScheduledExecutorService retries;

    public IngestTopics(KafkaClients clients, IngestConfig config, TopicsConfig topics) {
        this.clients = clients;
        this.kafka = config.kafka();
        this.specs = List.of(
                KafkaTopics.Spec.compacted(topics.parsed(), topics.partitions()),
                KafkaTopics.Spec.retained(topics.deadLetter(), topics.partitions(), topics.deadLetterRetention()));
    }

    void onStart(@Observes StartupEvent event) {
        retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "paperstream-ingest-topics");
            thread.setDaemon(true);
            return thread;
        });
        retries.execute(this::createInBackground);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    public boolean ready() {
        return ready;
    }

    public String lastError() {
        return lastError;
    }

    public List<KafkaTopics.Spec> specs() {
        return specs;
    }

    /** Makes sure the topics exist before anything is produced to them. */
    public void ensureReady() {
        if (!ready && !tryCreate()) {
            throw new BrokerUnavailableException("the topics " + names() + " are not created yet: " + lastError, null);
        }
    }

    private void createInBackground() {
        if (!tryCreate() && !retries.isShutdown()) {
            retries.schedule(this::createInBackground, kafka.topicRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized boolean tryCreate() {
        if (ready) {
            return true;
        }
        try {
            KafkaTopics.ensure(clients.admin(), specs, kafka.adminTimeout());
            ready = true;
            LOG.infof("Topics %s are ready on %s", names(), clients.bootstrapServers());
            return true;
        } catch (RuntimeException e) {
            lastError = describe(e);
            // one warning per outage; the retries themselves are only worth a debug line
            if (!warned) {
                warned = true;
                LOG.warnf("Cannot create topics %s on %s yet (retrying every %s): %s", names(),
                        clients.bootstrapServers(), kafka.topicRetryInterval(), lastError);
            } else {
                LOG.debugf("Topics %s still not created: %s", names(), lastError);
            }
            return false;
        }
    }

    /** The innermost cause says what went wrong; a bare timeout says nothing, so it gets words. */
    private String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof TimeoutException) {
            return "no answer from " + clients.bootstrapServers() + " within " + kafka.adminTimeout().toMillis() + " ms";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private List<String> names() {
        return specs.stream().map(KafkaTopics.Spec::name).toList();
    }
}
