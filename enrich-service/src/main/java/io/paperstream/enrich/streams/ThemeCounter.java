package io.paperstream.enrich.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.ThemeMatch;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;

/**
 * The single writer of the theme counts. It runs in the one task of the one-partition repartition topic, so it sees
 * every paper of the corpus, whichever instance tagged it. Its persistent store (paper id → themes) is changelogged
 * to Kafka; its {@link ThemeIndex} is rebuilt from that store whenever the task starts, so the counts survive
 * restarts, crashes (exactly-once: store, changelog and outputs commit together) and moves between instances.
 */
class ThemeCounter implements Processor<String, TaggedPaper, String, PaperEnriched> {

    private static final Logger LOG = Logger.getLogger(ThemeCounter.class);

    private final String storeName;
    private final EnrichMetrics metrics;
    private final Clock clock;
    private KeyValueStore<String, PaperThemes> store;
    private ThemeIndex index;
    private ProcessorContext<String, PaperEnriched> context;

    ThemeCounter(String storeName, EnrichMetrics metrics, Clock clock) {
        this.storeName = storeName;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, PaperEnriched> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.index = new ThemeIndex();
        try (KeyValueIterator<String, PaperThemes> papers = store.all()) {
            while (papers.hasNext()) {
                KeyValue<String, PaperThemes> paper = papers.next();
                index.put(paper.key, List.of(), paper.value.slugs());
            }
        }
        LOG.infof("Theme index rebuilt from the store: %d papers", index.size());
    }

    @Override
    public void process(Record<String, TaggedPaper> record) {
        String paperId = record.key();
        PaperThemes previous = store.get(paperId);
        List<String> before = previous == null ? List.of() : previous.slugs();
        if (record.value() == null) {
            index.remove(paperId, before);
            store.delete(paperId);
            publishCounts(before);
            context.forward(record.withValue(null));
            return;
        }
        TaggedPaper tagged = record.value();
        List<String> slugs = tagged.themes().stream().map(ThemeMatch::slug).toList();
        index.put(paperId, before, slugs);
        if (previous == null || !previous.slugs().equals(slugs)) {
            store.put(paperId, new PaperThemes(slugs));
            publishCounts(before);
        }
        List<ThemeTag> tags = new ArrayList<>(slugs.size());
        for (ThemeMatch theme : tagged.themes()) {
            long count = index.paperCount(theme.slug());
            tags.add(new ThemeTag(theme.slug(), theme.label(), theme.score(), theme.matched(), count));
            metrics.papersWithTheme(theme.slug(), count);
        }
        PaperEnriched enriched = PaperEnriched.of(tagged.paper(), tags, index.relatedPapers(paperId, slugs),
                clock.instant(), tagged.taxonomyVersion());
        context.forward(record.withValue(enriched));
    }

    private void publishCounts(List<String> slugs) {
        for (String slug : slugs) {
            metrics.papersWithTheme(slug, index.paperCount(slug));
        }
    }
}
