package io.paperstream.e2e.harness;

/** Progress lines in the test output: one line per step, prefixed so they stand out from Maven's. */
public final class Progress {

    private Progress() {
    }

    public static void log(String format, Object... args) {
        System.out.println("[e2e] " + String.format(format, args));
        System.out.flush();
    }
}
