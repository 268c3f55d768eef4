package io.paperstream.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Loads a digest file of any size: cuts it with {@link DigestSplitter} and posts the digests with at most
 * {@code concurrency} in flight (so memory stays bounded whatever the file), telling a {@link Listener} what each
 * answer brought. Renders nothing: the caller (the CLI) draws progress from the listener's {@link Progress}.
 * Rejected records are reported by file line; a digest ingest refuses as a whole (any answer but 202, or no answer)
 * is reported as failed with its file lines, and loading goes on with the next one.
 */
public final class BulkIngest {

    /** A record ingest rejected, located in the file. */
    public record FileRejection(int fileLine, String code, String reason) {
    }

    /** A digest that got no 202: its file lines and why (status and problem detail, or the I/O failure). */
    public record FailedDigest(int firstLine, int lastLine, int records, int status, String reason) {
    }

    /**
     * Totals so far. {@code records} and {@code bytes} count answered digests; {@code fileBytesRead} is how far
     * the file has been read (compressed bytes for gzip), for an estimate against the file's size.
     */
    public record Progress(int digests, long records, long bytes, long accepted, long rejected, int failedDigests,
                           long fileBytesRead, Duration elapsed) {

        /** Accepted papers per second since the start. */
        public double papersPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : accepted / seconds;
        }
    }

    /** The end of a load: the last progress, every rejection and every failed digest. */
    public record Summary(Progress progress, List<FileRejection> rejections, List<FailedDigest> failures) {

        /** Whether everything of the file got in: nothing rejected, no digest failed. */
        public boolean complete() {
            return rejections.isEmpty() && failures.isEmpty();
        }
    }

    /** Called from the posting threads, one call at a time. */
    public interface Listener {

        /** A digest was answered (accepted or not; {@code answer} null: no answer); {@code progress} includes it. */
        default void answered(DigestSplitter.Digest digest, IngestClient.Answer answer, Progress progress) {
        }

        default void rejected(FileRejection rejection) {
        }

        default void failed(FailedDigest failure) {
        }
    }

    /**
     * How a load posts.
     *
     * @param concurrency digests in flight at once
     * @param retries     further attempts of a digest answered 503 (ingest says retrying is safe) or not answered
     * @param retryDelay  wait before a further attempt, doubled at each
     */
    public record Options(int concurrency, int retries, Duration retryDelay) {
        public Options {
            if (concurrency < 1 || retries < 0 || retryDelay.isNegative()) {
                throw new IllegalArgumentException("at least one digest in flight and no negative retries, not "
                        + concurrency + " / " + retries + " / " + retryDelay);
            }
        }
    }

    private static final int UNAVAILABLE = 503;

    private final IngestClient client;
    private final Options options;
    private final int concurrency;
    private final Listener listener;

    public BulkIngest(IngestClient client, Options options, Listener listener) {
        this.client = client;
        this.options = options;
        this.concurrency = options.concurrency();
        this.listener = listener;
    }

    /** Posts every digest of the splitter and waits for the last answer. */
    public Summary run(DigestSplitter splitter) throws IOException, InterruptedException {
        Run run = new Run(splitter);
        ExecutorService posters = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bulk-ingest");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(concurrency);
        try {
            DigestSplitter.Digest digest;
            while ((digest = splitter.next()) != null) {
                inFlight.acquire();
                DigestSplitter.Digest posted = digest;
                posters.execute(() -> {
                    try {
                        run.post(posted);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(concurrency);
            inFlight.release(concurrency);
        } finally {
            posters.shutdownNow();
            posters.awaitTermination(1, TimeUnit.MINUTES);
        }
        synchronized (run) {
            return new Summary(run.progress(), List.copyOf(run.rejections), List.copyOf(run.failures));
        }
    }

    private final class Run {
        final DigestSplitter splitter;
        final long start = System.nanoTime();
        final List<FileRejection> rejections = new ArrayList<>();
        final List<FailedDigest> failures = new ArrayList<>();
        int digests;
        long records;
        long bytes;
        long accepted;
        long rejected;

        Run(DigestSplitter splitter) {
            this.splitter = splitter;
        }

        void post(DigestSplitter.Digest digest) {
            IngestClient.Answer answer;
            try {
                answer = postWithRetries(digest);
            } catch (UncheckedIOException | IllegalStateException e) {
                synchronized (this) {
                    count(digest);
                    fail(digest, 0, e.getMessage());
                    listener.answered(digest, null, progress());
                }
                return;
            }
            List<IngestClient.Rejection> digestRejections = answer.accepted() || answer.status() == 422
                    ? answer.rejections() : List.of();
            synchronized (this) {
                count(digest);
                accepted += answer.acceptedCount();
                for (IngestClient.Rejection rejection : digestRejections) {
                    FileRejection located = new FileRejection(digest.fileLine(rejection.line()), rejection.code(),
                            digest.fileReason(rejection.reason()));
                    rejections.add(located);
                    rejected++;
                    listener.rejected(located);
                }
                if (!answer.accepted() && digestRejections.isEmpty()) {
                    Problems.Problem problem = answer.problem();
                    String why = problem == null ? answer.describe()
                            : problem.title() + (problem.detail() == null ? "" : ": " + problem.detail());
                    fail(digest, answer.status(), digest.fileReason(why));
                }
                listener.answered(digest, answer, progress());
            }
        }

        private IngestClient.Answer postWithRetries(DigestSplitter.Digest digest) {
            Duration delay = options.retryDelay();
            for (int attempt = 0; ; attempt++) {
                boolean last = attempt >= options.retries();
                try {
                    IngestClient.Answer answer = client.post(digest.body());
                    if (answer.status() != UNAVAILABLE || last) {
                        return answer;
                    }
                } catch (UncheckedIOException e) {
                    if (last) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to post again", e);
                }
                delay = delay.multipliedBy(2);
            }
        }

        private void count(DigestSplitter.Digest digest) {
            digests++;
            records += digest.records();
            bytes += digest.body().length;
        }

        private void fail(DigestSplitter.Digest digest, int status, String reason) {
            FailedDigest failure = new FailedDigest(digest.firstLine(), digest.fileLine(digest.lines()),
                    digest.records(), status, reason);
            failures.add(failure);
            listener.failed(failure);
        }

        Progress progress() {
            return new Progress(digests, records, bytes, accepted, rejected, failures.size(),
                    splitter.fileBytesRead(), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
