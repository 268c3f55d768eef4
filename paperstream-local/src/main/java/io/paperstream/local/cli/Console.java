package io.paperstream.local.cli;

import java.io.PrintStream;

/** Where the CLI talks: lines to stdout, warnings "paperstream: ..." to stderr; whether stdout is a terminal. */
public record Console(PrintStream out, PrintStream err, boolean terminal) {

    public static Console system() {
        // System.console() is null when stdin or stdout is redirected; Java 22+ would tell stdout alone
        return new Console(System.out, System.err, System.console() != null);
    }

    public void say(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    public void warn(String format, Object... args) {
        err.println("paperstream: " + (args.length == 0 ? format : String.format(format, args)));
        err.flush();
    }
}
