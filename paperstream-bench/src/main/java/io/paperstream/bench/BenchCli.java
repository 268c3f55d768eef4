package io.paperstream.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** The command line of a benchmark's main: its usage on {@code --help}, usage and exit status 2 on a wrong option. */
public final class BenchCli {

    private static final int EXIT_USAGE = 2;

    private BenchCli() {
    }

    /**
     * The parsed options, or null when {@code --help} was asked for (the usage is printed then).
     *
     * @param command how error lines start, e.g. {@code bench}
     */
    public static <T> T options(String[] args, String command, String usage, Function<String[], T> parse) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(usage);
            return null;
        }
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            PrintStream err = System.err;
            err.println(command + ": " + e.getMessage());
            err.print(usage);
            System.exit(EXIT_USAGE);
            return null;
        }
    }
}
