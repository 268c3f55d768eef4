package io.paperstream.e2e.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.paperstream.client.Digests;
import io.paperstream.client.IngestClient;
import io.paperstream.client.PaperRecord;
import io.paperstream.e2e.harness.Progress;

/**
 * Posts digests one after the other from a background thread, with a short pause between them so that a
 * fault can land in the middle of the stream, and records what ingest answered to each: which papers it
 * claimed (202) and which digests it refused (503). A digest is sent once; a refused one is not retried, so
 * its papers stay "not claimed".
 */
public final class StreamingLoader implements AutoCloseable {

    /** What happened to one digest. {@code status} -1: no HTTP answer at all ({@code error} says why). */
    public record Post(int index, Set<String> sentIds, int status, Set<String> acceptedIds, Instant sentAt,
            Instant answeredAt, String error) {
    }

    private final IngestClient ingest;
    private final List<List<PaperRecord>> digests;
    private final Duration pause;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    /** Answered digests after which the loader waits for {@link #resumeUntil}; -1: no hold. */
    private int holdAfter = -1;

    public StreamingLoader(IngestClient ingest, List<List<PaperRecord>> digests, Duration pause) {
        this.ingest = ingest;
        this.digests = List.copyOf(digests);
        this.pause = pause;
        this.thread = new Thread(this::run, "e2e-loader");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Before {@link #start()}: the loader waits once {@code answered} digests are answered, until
     * {@link #resumeUntil} or {@link #resume()}, so that a scenario can act at an exact point of the stream.
     */
    public synchronized StreamingLoader holdAfter(int answered) {
        holdAfter = answered;
        return this;
    }

    /** Goes on from a hold (or without one) and holds again once {@code answered} digests are answered. */
    public synchronized void resumeUntil(int answered) {
        holdAfter = answered;
        notifyAll();
    }

    /** Goes on from a hold, to the end. */
    public synchronized void resume() {
        resumeUntil(-1);
    }

    /** True while the loader waits at a hold. */
    public synchronized boolean holding() {
        return holdAfter == posts.size() && thread.isAlive();
    }

    private synchronized void awaitNoHold(int answered) {
        while (holdAfter == answered && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public int digestCount() {
        return digests.size();
    }

    private void run() {
        for (int i = 0; i < digests.size() && !stopped; i++) {
            List<PaperRecord> digest = digests.get(i);
            Set<String> sent = new LinkedHashSet<>();
            digest.forEach(record -> sent.add(record.expectedId()));
            Instant sentAt = Instant.now();
            try {
                IngestClient.Answer answer = ingest.post(Digests.render(digest));
                posts.add(new Post(i, sent, answer.status(), new LinkedHashSet<>(answer.paperIds()), answer.sentAt(),
                        answer.answeredAt(), answer.accepted() ? null : answer.body()));
            } catch (RuntimeException e) {
                posts.add(new Post(i, sent, -1, Set.of(), sentAt, Instant.now(), String.valueOf(e.getCause())));
            }
            if ((i + 1) % 10 == 0 || i + 1 == digests.size()) {
                Progress.log("loader: %d/%d digests posted, statuses so far %s", i + 1, digests.size(), statuses());
            }
            awaitNoHold(i + 1);
            sleep(pause);
        }
    }

    /** Waits until {@code count} digests have been answered (or the loader is done). */
    public void awaitAnswered(int count, Duration max) {
        awaitPosts(p -> p.size() >= Math.min(count, digests.size()), max, count + " answered digests");
    }

    /** Waits until at least one answer passes the test. */
    public void awaitAnswer(Predicate<Post> test, Duration max, String what) {
        awaitPosts(p -> p.stream().anyMatch(test), max, what);
    }

    public void awaitDone(Duration max) {
        try {
            thread.join(max.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the loader did not finish within " + max + " (" + posts.size() + "/"
                    + digests.size() + " digests answered)");
        }
    }

    private void awaitPosts(Predicate<List<Post>> condition, Duration max, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.test(posts)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + max + " (" + posts.size() + "/"
                        + digests.size() + " digests answered, statuses " + statuses() + ")");
            }
            if (!thread.isAlive() && posts.size() == digests.size()) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
    }

    public List<Post> posts() {
        return new ArrayList<>(posts);
    }

    public int answered() {
        return posts.size();
    }

    /** Papers of every digest sent. */
    public Set<String> sentIds() {
        Set<String> ids = new LinkedHashSet<>();
        posts.forEach(p -> ids.addAll(p.sentIds()));
        return ids;
    }

    /** Papers ingest answered 202 for: the ones the pipeline must never lose. */
    public Set<String> acceptedIds() {
        Set<String> ids = new LinkedHashSet<>();
        posts.forEach(p -> ids.addAll(p.acceptedIds()));
        return ids;
    }

    /** Papers of digests that got no 202 (503 or no answer), minus any accepted in another digest. */
    public Set<String> notClaimedIds() {
        Set<String> ids = new LinkedHashSet<>();
        posts.stream().filter(p -> p.status() != 202).forEach(p -> ids.addAll(p.sentIds()));
        ids.removeAll(acceptedIds());
        return ids;
    }

    public String statuses() {
        Map<Integer, Integer> counts = new TreeMap<>();
        posts.forEach(p -> counts.merge(p.status(), 1, Integer::sum));
        return counts.toString();
    }

    @Override
    public void close() {
        stopped = true;
        resume();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
