package io.paperstream.enrich.tagging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How well the tagger's decision rule would do on papers it was not tuned on: k-fold cross-validation over the
 * hand-labelled development papers ({@link DevSet}). In each fold the rule's free choices are made on the other
 * folds only (a global threshold factor, the relative floor, the most themes per paper, and, in the "per theme"
 * mode, one threshold factor per theme), then the held-out fold is tagged with them; the held-out counts of all
 * folds give one micro F1, averaged over several shuffles. "as shipped" is the taxonomy's own rule on the same
 * folds (its dev score: it was tuned on all of them). Run from the repository root:
 *
 * <pre>./mvnw -q -pl enrich-service -am test-compile exec:java -Dexec.mainClass=io.paperstream.enrich.tagging.TaggingCrossValidation</pre>
 *
 * Options (system properties): {@code -Dtagging.dev}, {@code -Dtagging.taxonomy} as for {@link TaggingReport};
 * {@code -Dcv.folds} (5), {@code -Dcv.shuffles} (10); {@code -Dcv.weak} (grid of support-only factors the folds choose
 * from, × the taxonomy's), {@code -Dcv.untitled} (grid of factors for a theme with no term in the title: tried, not
 * shipped), {@code -Dcv.short} / {@code -Dcv.long} (grids of threshold factors for summaries / abstracts: tried, not
 * shipped), {@code -Dcv.fixed=global,weak[,untitled]} (dev counts of one fixed rule), {@code -Dcv.errors=true}
 * (held-out errors with their evidence split into title and text), {@code -Dcv.errorShare} (0.5: list an error made in
 * at least this share of the shuffles; 0.01 lists every one, to see which errors the folds' choices move).
 */
public final class TaggingCrossValidation {

    private static final double[] GLOBAL_FACTORS = {0.8, 0.9, 1.0, 1.1, 1.2};
    private static final double[] THEME_FACTORS = {0.7, 0.85, 1.0, 1.2, 1.4};
    private static final double[] RELATIVE_FLOORS = {0.0, 0.15, 0.25, 0.35, 0.5};
    private static final double[] WEAK_FACTORS = parse(System.getProperty("cv.weak", "0.95,1.0,1.05,1.1,1.25"));
    private static final double[] UNTITLED_FACTORS = parse(System.getProperty("cv.untitled", "1.0"));
    private static final double[] SHORT_FACTORS = parse(System.getProperty("cv.short", "1.0"));
    private static final double[] LONG_FACTORS = parse(System.getProperty("cv.long", "1.0"));
    /** With cv.errors: an error is listed when made in at least this share of the shuffles. */
    private static final double ERROR_SHARE = Double.parseDouble(System.getProperty("cv.errorShare", "0.5"));
    /** Whether any term of the theme is in the title: [variant][paper][theme]. */
    private final boolean[][][] inTitle;
    /** Whether a decisive term of the theme fired: [variant][paper][text][theme]. */
    private final boolean[][][][] decisive;
    private static final int[] MAX_THEMES = {2, 3, 4, Integer.MAX_VALUE};
    /** A per-theme factor must raise the training F1 by this much to be taken: small folds fit noise easily. */
    private static final double MIN_GAIN = 0.003;

    /** Each theme's evidence over its threshold, per scoring variant, paper and text: [variant][paper][text][theme]. */
    private final double[][][][] ratios;
    private final List<String> variantNames = new ArrayList<>();
    /** How often each theme's factor was chosen below / above 1 over all folds of "per-theme": its stability. */
    private int[][] factorChoices;
    /** How often "per-theme" chose each support-only factor (relative to the taxonomy's), over all folds. */
    private final java.util.TreeMap<Double, Integer> weakChoices = new java.util.TreeMap<>();
    private final boolean[][] gold;
    private final int themes;
    /** Held-out errors of "per-theme" per paper, text and theme: [paper][text][theme][0 = missed, 1 = wrongly tagged]. */
    private final int[][][][] heldOutErrors;

    static double[] parse(String list) {
        return Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /**
     * A decision rule: tag a theme when ratio / factor ≥ 1 and ≥ floor × the paper's strongest, top {@code max};
     * {@code shortF} / {@code longF} are further factors for summaries / abstracts.
     */
    record Rule(int variant, double global, double[] perTheme, double floor, int max, double weak, double untitled,
            double shortF, double longF) {
        Rule(int variant, double global, double[] perTheme, double floor, int max) {
            this(variant, global, perTheme, floor, max, 1.0, 1.0, 1.0, 1.0);
        }

        Rule(int variant, double global, double[] perTheme, double floor, int max, double weak, double untitled) {
            this(variant, global, perTheme, floor, max, weak, untitled, 1.0, 1.0);
        }

        @Override
        public String toString() {
            return String.format("variant %d, global %.2f, weak %.2f, untitled %.2f, short %.2f, long %.2f, floor %.2f, max %s, per-theme %s",
                    variant, global, weak, untitled, shortF, longF, floor, max == Integer.MAX_VALUE ? "all" : max, Arrays.toString(perTheme));
        }
    }

    TaggingCrossValidation(List<Taxonomy> variants, List<DevSet.Paper> papers) {
        themes = variants.get(0).themes().size();
        ratios = new double[variants.size()][][][];
        decisive = new boolean[variants.size()][papers.size()][2][themes];
        inTitle = new boolean[variants.size()][papers.size()][themes];
        for (int v = 0; v < variants.size(); v++) {
            ThemeTagger tagger = new ThemeTagger(variants.get(v));
            for (int p = 0; p < papers.size(); p++) {
                double[] e = tagger.evidence(papers.get(p).title(), null);
                for (int t = 0; t < themes; t++) {
                    inTitle[v][p][t] = e[t] > 0;
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            ratios[v] = ratios(new ThemeTagger(variants.get(v)), papers, decisive[v]);
            variantNames.add(describe(variants.get(v).scoring()));
        }
        gold = new boolean[papers.size()][themes];
        heldOutErrors = new int[papers.size()][2][themes][2];
        for (int p = 0; p < papers.size(); p++) {
            for (Theme theme : variants.get(0).themes()) {
                gold[p][theme.position()] = papers.get(p).gold().contains(theme.slug());
            }
        }
    }

    static String describe(Taxonomy.Scoring s) {
        return String.format("title %.2f, background %.2f, detail %.2f, length exponent %.2f", s.titleWeight(),
                s.reading().backgroundWeight(), s.reading().detailWeight(), s.reading().lengthExponent());
    }

    private static double[][][] ratios(ThemeTagger tagger, List<DevSet.Paper> papers, boolean[][][] decisive) {
        List<Theme> all = tagger.taxonomy().themes();
        double[][][] ratio = new double[papers.size()][2][];
        for (int p = 0; p < papers.size(); p++) {
            DevSet.Paper paper = papers.get(p);
            String[] texts = {paper.summary(), paper.abstractText()};
            for (int x = 0; x < 2; x++) {
                double[] evidence = tagger.evidence(paper.title(), texts[x], decisive[p][x]);
                for (Theme theme : all) {
                    double e = evidence[theme.position()];
                    evidence[theme.position()] = Double.isNaN(e) ? 0 : e / theme.threshold();
                }
                ratio[p][x] = evidence;
            }
        }
        return ratio;
    }

    /** TP, FP, FN of the rule over the given papers and text (0 summaries, 1 abstracts, -1 both). */
    int[] counts(Rule rule, int[] papers, int text) {
        int[] c = new int[3];
        for (int p : papers) {
            for (int x = 0; x < 2; x++) {
                if (text >= 0 && x != text) {
                    continue;
                }
                boolean[] tagged = decide(rule, ratios[rule.variant()][p][x], decisive[rule.variant()][p][x],
                        inTitle[rule.variant()][p], x);
                for (int t = 0; t < themes; t++) {
                    if (tagged[t] && gold[p][t]) {
                        c[0]++;
                    } else if (tagged[t]) {
                        c[1]++;
                    } else if (gold[p][t]) {
                        c[2]++;
                    }
                }
            }
        }
        return c;
    }

    boolean[] decide(Rule rule, double[] r, boolean[] strong, boolean[] titled, int text) {
        double form = text == 0 ? rule.shortF() : rule.longF();
        double[] scaled = new double[themes];
        double best = 0;
        for (int t = 0; t < themes; t++) {
            scaled[t] = r[t] / (rule.global() * rule.perTheme()[t] * (strong[t] ? 1.0 : rule.weak())
                    * (titled[t] ? 1.0 : rule.untitled()) * form);
            best = Math.max(best, scaled[t]);
        }
        boolean[] tagged = new boolean[themes];
        Integer[] order = new Integer[themes];
        for (int t = 0; t < themes; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scaled[b], scaled[a]));
        int taken = 0;
        for (int t : order) {
            if (taken < rule.max() && scaled[t] >= 1 - 1e-9 && scaled[t] >= rule.floor() * best) {
                tagged[t] = true;
                taken++;
            }
        }
        return tagged;
    }

    /** Held-out true tags of "per-theme" per text and theme: [text][theme][0 = found, 1 = missed]. */
    private int[][][] heldOutRecall;

    private void tallyRecall(Rule rule, int[] papers, int text) {
        if (heldOutRecall == null) {
            heldOutRecall = new int[2][themes][2];
        }
        for (int p : papers) {
            boolean[] tagged = decide(rule, ratios[rule.variant()][p][text], decisive[rule.variant()][p][text],
                    inTitle[rule.variant()][p], text);
            for (int t = 0; t < themes; t++) {
                if (gold[p][t]) {
                    heldOutRecall[text][t][tagged[t] ? 0 : 1]++;
                }
            }
        }
    }

    private void tallyErrors(Rule rule, int[] papers, int text) {
        for (int p : papers) {
            boolean[] tagged = decide(rule, ratios[rule.variant()][p][text], decisive[rule.variant()][p][text],
                    inTitle[rule.variant()][p], text);
            for (int t = 0; t < themes; t++) {
                if (tagged[t] != gold[p][t]) {
                    heldOutErrors[p][text][t][gold[p][t] ? 0 : 1]++;
                }
            }
        }
    }

    /**
     * Every held-out error of "per-theme" made in at least half of the shuffles, with the theme's evidence over its
     * threshold split into title and text ({@code -Dcv.errors=true}): what kind of error it is.
     */
    void printErrors(List<DevSet.Paper> papers, ThemeTagger tagger, int shuffles) {
        List<Theme> all = tagger.taxonomy().themes();
        for (int x = 0; x < 2; x++) {
            System.out.println(x == 0 ? "== held-out errors, summaries" : "== held-out errors, abstracts");
            for (int kind = 0; kind < 2; kind++) {
                for (Theme theme : all) {
                    int t = theme.position();
                    for (int p = 0; p < papers.size(); p++) {
                        int n = heldOutErrors[p][x][t][kind];
                        if (n == 0 || n < shuffles * ERROR_SHARE) {
                            continue;
                        }
                        DevSet.Paper paper = papers.get(p);
                        double[] inTitle = tagger.evidence(paper.title(), null);
                        double[] inText = tagger.evidence(null, x == 0 ? paper.summary() : paper.abstractText());
                        List<String> tagged = new ArrayList<>();
                        for (Theme other : all) {
                            if (ratios[0][p][x][other.position()] >= 1 - 1e-9) {
                                tagged.add(other.slug());
                            }
                        }
                        System.out.printf("%s %-24s %2d/%d ratio %.2f (title %.2f, text %.2f) | %s | gold %s shipped %s%n",
                                kind == 0 ? "FN" : "FP", theme.slug(), n, shuffles, ratios[0][p][x][t],
                                zero(inTitle[t]) / theme.threshold(), zero(inText[t]) / theme.threshold(),
                                paper.title(), paper.gold(), tagged);
                    }
                }
            }
        }
    }

    private static double zero(double e) {
        return Double.isNaN(e) ? 0 : e;
    }

    static double f1(int[] c) {
        return c[0] == 0 ? 0 : 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]);
    }

    Rule shipped() {
        double[] ones = new double[themes];
        Arrays.fill(ones, 1.0);
        return new Rule(0, 1.0, ones, 0.0, Integer.MAX_VALUE);
    }

    /** The rule that does best on {@code train} (both texts pooled). */
    Rule fit(int[] train, boolean perTheme) {
        Rule best = shipped();
        double bestF1 = f1(counts(best, train, -1));
        for (int v = 0; v < ratios.length; v++) {
            for (double g : GLOBAL_FACTORS) {
                for (double floor : RELATIVE_FLOORS) {
                    for (int max : MAX_THEMES) {
                        for (double weak : WEAK_FACTORS) {
                            for (double untitled : UNTITLED_FACTORS) {
                                for (double shortF : SHORT_FACTORS) {
                                    for (double longF : LONG_FACTORS) {
                                        Rule rule = new Rule(v, g, best.perTheme(), floor, max, weak, untitled,
                                                shortF, longF);
                                        double f = f1(counts(rule, train, -1));
                                        if (f > bestF1 + 1e-12) {
                                            best = rule;
                                            bestF1 = f;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!perTheme) {
            return best;
        }
        double[] factors = best.perTheme().clone();
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < themes; t++) {
                double keep = factors[t];
                double chosen = keep;
                double chosenF1 = bestF1;
                for (double f : THEME_FACTORS) {
                    factors[t] = f;
                    double score = f1(counts(new Rule(best.variant(), best.global(), factors, best.floor(), best.max(), best.weak(), best.untitled(), best.shortF(), best.longF()), train, -1));
                    if (score > chosenF1 + MIN_GAIN) {
                        chosen = f;
                        chosenF1 = score;
                    }
                }
                factors[t] = chosen;
                bestF1 = chosenF1;
            }
        }
        return new Rule(best.variant(), best.global(), factors, best.floor(), best.max(), best.weak(), best.untitled(), best.shortF(), best.longF());
    }

    /** Held-out micro F1 for summaries and abstracts, over {@code shuffles} k-fold splits. */
    double[] heldOut(int folds, int shuffles, String mode) {
        int n = gold.length;
        double[] sum = new double[2];
        for (int s = 0; s < shuffles; s++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(s));
            int[][] total = new int[2][3];
            for (int f = 0; f < folds; f++) {
                List<Integer> test = new ArrayList<>();
                List<Integer> train = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    (i % folds == f ? test : train).add(order.get(i));
                }
                int[] trainIds = train.stream().mapToInt(Integer::intValue).toArray();
                int[] testIds = test.stream().mapToInt(Integer::intValue).toArray();
                Rule rule = switch (mode) {
                    case "shipped" -> shipped();
                    case "global" -> fit(trainIds, false);
                    default -> fit(trainIds, true);
                };
                if (mode.equals("per-theme")) {
                    weakChoices.merge(rule.weak(), 1, Integer::sum);
                }
                for (int t = 0; t < themes; t++) {
                    if (factorChoices == null) {
                        factorChoices = new int[themes][2];
                    }
                    if (rule.perTheme()[t] < 1) {
                        factorChoices[t][0]++;
                    } else if (rule.perTheme()[t] > 1) {
                        factorChoices[t][1]++;
                    }
                }
                for (int x = 0; x < 2; x++) {
                    int[] c = counts(rule, testIds, x);
                    for (int k = 0; k < 3; k++) {
                        total[x][k] += c[k];
                    }
                    if (mode.equals("per-theme")) {
                        tallyErrors(rule, testIds, x);
                        tallyRecall(rule, testIds, x);
                    }
                }
            }
            sum[0] += f1(total[0]);
            sum[1] += f1(total[1]);
        }
        return new double[] {sum[0] / shuffles, sum[1] / shuffles};
    }

    public static void main(String[] args) {
        Path file = DevSet.locate().orElseThrow(() -> new IllegalStateException(
                "no hand-labelled papers found at " + DevSet.whereLooked()));
        String taxonomyFile = System.getProperty("tagging.taxonomy");
        Taxonomy taxonomy = taxonomyFile == null ? TaxonomyLoader.loadDefault() : TaxonomyLoader.load(Path.of(taxonomyFile));
        List<DevSet.Paper> papers = DevSet.load(file);
        List<Taxonomy> variants = new ArrayList<>(List.of(taxonomy));
        if (Boolean.getBoolean("cv.scoring")) {
            variants.addAll(scoringVariants(taxonomy));
        }
        if (Boolean.getBoolean("cv.each")) {
            // each variant on its own: its dev F1 and its held-out F1 with per-theme thresholds fitted on the folds
            for (Taxonomy variant : variants) {
                TaggingCrossValidation single = new TaggingCrossValidation(List.of(variant), papers);
                double[] dev = single.heldOut(5, 1, "shipped");
                double[] held = single.heldOut(Integer.getInteger("cv.folds", 5), Integer.getInteger("cv.shuffles", 10),
                        "per-theme");
                System.out.printf("dev %.3f / %.3f  held-out %.3f / %.3f  %s%n", dev[0], dev[1], held[0], held[1],
                        describe(variant.scoring()));
            }
            return;
        }
        TaggingCrossValidation cv = new TaggingCrossValidation(variants, papers);
        int[] everyPaper = new int[papers.size()];
        Arrays.setAll(everyPaper, i -> i);
        System.out.println("variant 0 (as shipped): " + cv.variantNames.get(0) + "; " + (variants.size() - 1)
                + " other scoring variants");
        int folds = Integer.getInteger("cv.folds", 5);
        int shuffles = Integer.getInteger("cv.shuffles", 10);
        System.out.printf("Cross-validation: %d papers, taxonomy %s, %d folds x %d shuffles%n", papers.size(),
                taxonomy.version(), folds, shuffles);
        for (String mode : List.of("shipped", "global", "per-theme")) {
            double[] f = cv.heldOut(folds, shuffles, mode);
            System.out.printf("%-10s held-out micro F1: summaries %.3f, abstracts %.3f%n", mode, f[0], f[1]);
        }
        System.out.println("per-theme held-out recall, themes with 5+ papers (summaries / abstracts):");
        for (Theme theme : taxonomy.themes()) {
            int t = theme.position();
            int[] s = cv.heldOutRecall[0][t];
            int[] a = cv.heldOutRecall[1][t];
            if ((s[0] + s[1]) / shuffles >= 5) {
                System.out.printf("  %-26s %.2f / %.2f%n", theme.slug(), (double) s[0] / (s[0] + s[1]),
                        (double) a[0] / (a[0] + a[1]));
            }
        }
        if (System.getProperty("cv.fixed") != null) {
            double[] gw = parse(System.getProperty("cv.fixed"));
            double[] ones = new double[cv.themes];
            Arrays.fill(ones, 1.0);
            Rule fixed = new Rule(0, gw[0], ones, 0.0, Integer.MAX_VALUE, gw[1], gw.length > 2 ? gw[2] : 1.0);
            int[] s = cv.counts(fixed, everyPaper, 0);
            int[] a = cv.counts(fixed, everyPaper, 1);
            System.out.printf("fixed %s: dev summaries F1 %.3f (TP %d FP %d FN %d), abstracts F1 %.3f (TP %d FP %d FN %d)%n",
                    fixed, f1(s), s[0], s[1], s[2], f1(a), a[0], a[1], a[2]);
        }
        if (Boolean.getBoolean("cv.errors")) {
            cv.printErrors(papers, new ThemeTagger(taxonomy), shuffles);
        }
        System.out.println("support-only factor (x the taxonomy's) chosen by the per-theme fits: " + cv.weakChoices);
        System.out.printf("per-theme factors chosen over %d fits (lower / higher threshold):%n", folds * shuffles);
        for (Theme theme : taxonomy.themes()) {
            int[] c = cv.factorChoices[theme.position()];
            if (c[0] + c[1] > 0) {
                System.out.printf("  %-26s %3d / %3d%n", theme.slug(), c[0], c[1]);
            }
        }
        for (boolean perTheme : new boolean[] {false, true}) {
            Rule rule = cv.fit(everyPaper, perTheme);
            System.out.printf("fit on all (%s): %s [%s] -> dev F1 summaries %.3f, abstracts %.3f%n",
                    perTheme ? "per-theme" : "global", rule, cv.variantNames.get(rule.variant()),
                    f1(cv.counts(rule, everyPaper, 0)), f1(cv.counts(rule, everyPaper, 1)));
        }
    }

    /** The taxonomy with other reading weights ({@code -Dcv.scoring=true}): which way of reading generalizes. */
    private static List<Taxonomy> scoringVariants(Taxonomy base) {
        List<Taxonomy> variants = new ArrayList<>();
        Taxonomy.Scoring s = base.scoring();
        Taxonomy.Reading r = s.reading();
        for (double title : new double[] {1.5, 2.0, 3.0}) {
            for (double background : new double[] {0.3, 0.5, 0.7}) {
                for (double detail : new double[] {0.6, 0.8, 1.0}) {
                    for (double exponent : new double[] {0.5, 0.75, 1.0}) {
                        Taxonomy.Reading reading = new Taxonomy.Reading(r.contributionCues(), background, detail,
                                r.referenceWords(), exponent);
                        variants.add(new Taxonomy(base.declaredVersion(), base.contentHash(),
                                new Taxonomy.Scoring(title, s.repeatBonus(), s.maxRepeats(), s.defaultThreshold(),
                                        reading, s.decisiveWeight(), s.supportOnlyFactor(), s.contextCountsOnce()),
                                base.themes()));
                    }
                }
            }
        }
        return variants;
    }
}
