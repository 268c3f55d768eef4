package io.paperstream.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a service owns before it produces to them, so partitions, compaction and retention are
 * chosen on purpose rather than by the broker's auto-creation defaults.
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** A topic this project owns: its name, partitions and whether it is compacted (latest value per key). */
    public record Spec(String name, int partitions, boolean compacted, Duration retention) {

        public static Spec compacted(String name, int partitions) {
            return new Spec(name, partitions, true, null);
        }

        public static Spec retained(String name, int partitions, Duration retention) {
            return new Spec(name, partitions, false, retention);
        }

        NewTopic toNewTopic() {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            return topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention == null ? -1 : retention.toMillis())));
        }
    }

    /** Creates every missing topic of {@code specs}; existing topics are left as they are. */
    public static void ensure(String bootstrapServers, Collection<Spec> specs, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000)))) {
            ensure(admin, specs, timeout);
        }
    }

    public static void ensure(Admin admin, Collection<Spec> specs, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(spec.toNewTopic());
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var result : admin.createTopics(missing).values().values()) {
                try {
                    result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // another instance created it first: that is the state we want
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + specs + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
