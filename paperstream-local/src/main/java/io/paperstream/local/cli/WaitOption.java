package io.paperstream.local.cli;

import picocli.CommandLine.Option;

/** {@code --wait}: the command returns once the catalog has caught up with what it set in motion. */
final class WaitOption {

    @Option(names = "--wait", description = "wait until the catalog has caught up, then report new, updated and"
            + " unchanged papers")
    boolean waitForCatalog;
}
