package io.paperstream.enrich.tagging;

import java.nio.file.Path;

/**
 * Checks a taxonomy file with the very rules enrich applies at startup ({@link TaxonomyLoader}), without
 * starting the service: {@code bin/paperstream retag --taxonomy FILE} runs it from the packaged application
 * before it touches any state. Prints one line; exit status 0 when the file is a valid taxonomy, 1 when not.
 * <p>
 * Usage: {@code java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*' io.paperstream.enrich.tagging.TaxonomyCheck FILE}
 */
public final class TaxonomyCheck {

    private TaxonomyCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TaxonomyCheck FILE");
            System.exit(2);
        }
        try {
            Taxonomy taxonomy = TaxonomyLoader.load(Path.of(args[0]));
            System.out.printf("valid taxonomy: version %s, %d themes%n", taxonomy.version(), taxonomy.themes().size());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the loader's message says what is wrong where; a parser's may span lines
            System.out.println(e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            System.exit(1);
        }
    }
}
