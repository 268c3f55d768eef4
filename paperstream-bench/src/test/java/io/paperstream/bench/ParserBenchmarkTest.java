package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ParserBenchmarkTest {

    @Test
    void cutsAfterEveryNNonBlankLinesAndKeepsEveryByte() {
        String text = "T1\nA1\n\nT2\r\nA2\nT3\nA3\nT4\nA4";

        List<byte[]> digests = ParserBenchmark.split(text.getBytes(StandardCharsets.UTF_8), 4);

        assertThat(digests).extracting(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .containsExactly("T1\nA1\n\nT2\r\nA2\n", "T3\nA3\nT4\nA4");
    }
}
