package io.paperstream.query.catalog.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The pure part of "similar papers": idf weights, and which of a paper's terms look for candidates.
 * <p>
 * {@code idf(t) = ln(N / df(t))}, N the papers counted, df(t) the papers whose vector holds t (clamped to 1..N, so a
 * term the last count did not see, or one counted before papers were removed, stays finite and non-negative). A
 * term every paper holds weighs 0.
 */
public final class TermSelection {

    private TermSelection() {
    }

    /** A term of the paper and how many papers hold it (df), with its idf weight. */
    public record Term(String term, long docs, double idf) {
    }

    private static final Comparator<Term> RAREST_FIRST = Comparator.comparingLong(Term::docs)
            .thenComparing(Term::term);

    public static double idf(long docs, long papers) {
        long n = Math.max(1, papers);
        long df = Math.min(n, Math.max(1, docs));
        return Math.log((double) n / df);
    }

    /** The terms with their weights; a term without a count ({@code null} df) counts as held by one paper. */
    public static List<Term> weighted(List<String> terms, List<Long> docs, long papers) {
        List<Term> weighted = new ArrayList<>(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            long df = docs.get(i) == null ? 1 : docs.get(i);
            weighted.add(new Term(terms.get(i), df, idf(df, papers)));
        }
        return weighted;
    }

    /**
     * The candidate finders: terms with a positive weight, rarest first (then by term), at most {@code maxTerms},
     * taken while their document frequencies add up to at most {@code maxPostings}; the rarest one is always taken,
     * so a paper of common words still finds candidates.
     */
    public static List<Term> queryTerms(List<Term> terms, int maxTerms, long maxPostings) {
        List<Term> rarestFirst = terms.stream().filter(term -> term.idf() > 0).sorted(RAREST_FIRST).toList();
        List<Term> chosen = new ArrayList<>();
        long postings = 0;
        for (Term term : rarestFirst) {
            if (chosen.size() >= maxTerms || (!chosen.isEmpty() && postings + term.docs() > maxPostings)) {
                break;
            }
            chosen.add(term);
            postings += term.docs();
        }
        return chosen;
    }

    /**
     * The candidate finders of a paper: a paper holding one of the {@code alone} terms is a candidate, and so is one
     * holding at least two of the {@code paired} terms. Most of a paper's true nearest neighbours share several of its
     * rare terms while most papers sharing one share only that one, so pairs let more (and less rare) terms look for
     * candidates without reading more rows: the GIN index intersects their posting lists and only papers holding a
     * pair reach the heap.
     */
    public record Finders(List<Term> alone, List<Term> paired) {

        /** No query: no term alone and fewer than two to pair. */
        public boolean isEmpty() {
            return alone.isEmpty() && paired.size() < 2;
        }

        /**
         * The most rows the query can match by the document frequencies: a row found by pairs holds two paired
         * postings; the alone terms' rows are cut at {@code alonePostings} (the rarest term, always taken, may hold
         * more: a paper of common words reads no more than the budget, in no particular order).
         */
        public long rows(long alonePostings) {
            long alonePapers = alone.stream().mapToLong(Term::docs).sum();
            return Math.min(alonePapers, alonePostings) + paired.stream().mapToLong(Term::docs).sum() / 2;
        }

        /** The tsquery of the candidates (empty when {@link #isEmpty()}). */
        public String tsquery() {
            String anyAlone = anyOf(alone);
            String twoPaired = atLeastTwoOf(paired);
            return anyAlone.isEmpty() ? twoPaired : twoPaired.isEmpty() ? anyAlone : anyAlone + " | " + twoPaired;
        }
    }

    /**
     * The finders: the rarest terms alone as {@link #queryTerms} takes them (at most {@code aloneTerms}, their df
     * adding up to at most {@code alonePostings}), then the next rarest in pairs: at most {@code pairedTerms}, while
     * their df add up to at most {@code pairedPostings} (index entries the pairs read, not rows: each such row also
     * needs a second paired term). No pairs with {@code pairedTerms} below two.
     */
    public static Finders finders(List<Term> terms, int aloneTerms, long alonePostings, int pairedTerms,
            long pairedPostings) {
        List<Term> alone = queryTerms(terms, aloneTerms, alonePostings);
        List<Term> rest = terms.stream().filter(term -> term.idf() > 0 && !alone.contains(term))
                .sorted(RAREST_FIRST).toList();
        List<Term> paired = new ArrayList<>();
        long postings = 0;
        for (Term term : rest) {
            if (paired.size() >= pairedTerms || postings + term.docs() > pairedPostings) {
                break;
            }
            paired.add(term);
            postings += term.docs();
        }
        return new Finders(alone, pairedTerms < 2 || paired.size() < 2 ? List.of() : List.copyOf(paired));
    }

    /**
     * A tsquery matching a vector that holds at least two of the terms (empty for fewer than two terms), written so
     * that each term occurs about log2(n) times rather than once per pair: PostgreSQL's GIN scan reads a posting
     * list for every occurrence of a lexeme in the query and steps through all of them for each row, so n(n-1)/2
     * pairs would read the lists n/2 times over. Halving: two of {@code L ∪ R} = two of L, or two of R, or one of L
     * and one of R.
     */
    public static String atLeastTwoOf(List<Term> terms) {
        if (terms.size() < 2) {
            return "";
        }
        if (terms.size() == 2) {
            return lexeme(terms.get(0)) + " & " + lexeme(terms.get(1));
        }
        int half = terms.size() / 2;
        List<Term> left = terms.subList(0, half);
        List<Term> right = terms.subList(half, terms.size());
        StringBuilder query = new StringBuilder();
        for (String part : List.of(atLeastTwoOf(left), atLeastTwoOf(right),
                parenthesized(left) + " & " + parenthesized(right))) {
            if (!part.isEmpty()) {
                query.append(query.isEmpty() ? "" : " | ").append(part);
            }
        }
        return query.toString();
    }

    private static String parenthesized(List<Term> terms) {
        return terms.size() == 1 ? lexeme(terms.get(0)) : "( " + anyOf(terms) + " )";
    }

    /**
     * The paper's term hashes (as V9's {@code term_hashes} holds them: sorted, distinct) and the weight of each: the
     * sum of the idf of the paper's terms with that hash (two terms of one paper may share a hash, which then weighs
     * both, so a candidate's estimate never falls below its exact score).
     */
    public record HashWeights(int[] hashes, double[] weights) {

        /**
         * A candidate's rank estimate: the sum of the weights of the hashes it shares with the paper, listed in
         * decimal and separated by commas ({@code array_to_string(term_hashes & hashes, ',')}: each is one of these
         * hashes; any other weighs nothing). Read as text rather than as an array: the driver's array reading cost
         * twice the CPU of this loop (3,000 candidates a request).
         */
        public double weightOf(String sharedHashes) {
            double sum = 0;
            int start = 0;
            while (start < sharedHashes.length()) {
                int end = sharedHashes.indexOf(',', start);
                if (end < 0) {
                    end = sharedHashes.length();
                }
                int at = Arrays.binarySearch(hashes, Integer.parseInt(sharedHashes, start, end, 10));
                if (at >= 0) {
                    sum += weights[at];
                }
                start = end + 1;
            }
            return sum;
        }
    }

    /** A candidate and its rank estimate. */
    private record Candidate(String id, double weight) {
    }

    /**
     * The best candidates by {@link HashWeights#weightOf}, most first, ties by id (byte order for ASCII ids, as
     * PostgreSQL's "C" collation orders them), at most {@code keep}; a candidate sharing no weighted hash is none.
     */
    public static final class BestCandidates {

        private static final Comparator<Candidate> WORST_FIRST = Comparator.comparingDouble(Candidate::weight)
                .thenComparing(Candidate::id, Comparator.reverseOrder());

        private final HashWeights paper;
        private final int keep;
        private final PriorityQueue<Candidate> best;

        public BestCandidates(HashWeights paper, int keep) {
            this.paper = paper;
            this.keep = keep;
            this.best = new PriorityQueue<>(WORST_FIRST);
        }

        /** A candidate and its shared hashes, as {@link HashWeights#weightOf} reads them. */
        public void add(String id, String sharedHashes) {
            double weight = paper.weightOf(sharedHashes);
            if (weight <= 0 || keep <= 0) {
                return;
            }
            Candidate estimate = new Candidate(id, weight);
            if (best.size() < keep) {
                best.add(estimate);
            } else if (WORST_FIRST.compare(estimate, best.peek()) > 0) {
                best.poll();
                best.add(estimate);
            }
        }

        /** The ids kept, best first. */
        public List<String> ids() {
            return best.stream().sorted(WORST_FIRST.reversed()).map(Candidate::id).toList();
        }
    }

    public static HashWeights byHash(List<Term> terms, Map<String, Integer> hashOf) {
        TreeMap<Integer, Double> weights = new TreeMap<>();
        for (Term term : terms) {
            weights.merge(hashOf.get(term.term()), term.idf(), Double::sum);
        }
        return new HashWeights(weights.keySet().stream().mapToInt(Integer::intValue).toArray(),
                weights.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * A tsquery matching any of the terms, each as a quoted lexeme (taken as it is, never parsed or stemmed again:
     * quotes and backslashes escaped).
     */
    public static String anyOf(List<Term> terms) {
        StringBuilder query = new StringBuilder();
        for (Term term : terms) {
            if (!query.isEmpty()) {
                query.append(" | ");
            }
            query.append(lexeme(term));
        }
        return query.toString();
    }

    private static String lexeme(Term term) {
        return lexeme(term.term());
    }

    /** The term as a tsquery of that one lexeme, quoted (never parsed again by a text search configuration). */
    public static String lexeme(String term) {
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
