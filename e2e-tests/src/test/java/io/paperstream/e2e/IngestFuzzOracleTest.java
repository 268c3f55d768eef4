package io.paperstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.e2e.corpus.MalformedDigests;

/**
 * The fuzz test's oracle on its own (no service): every case states what it expects, and answers that a broken
 * ingest would give fail it.
 */
class IngestFuzzOracleTest {

    /** A small stand-in for the byte limit: the cases around it are built the same way at any size. */
    private static final long SMALL_LIMIT = 4096;
    private static final String PROBLEM = "application/problem+json";

    @Test
    void aServiceAnswering503ToEverythingFailsEveryCase() {
        for (MalformedDigests.Case fuzzCase : cases()) {
            assertThat(IngestFuzzTest.judge(fuzzCase.expected(), 503, PROBLEM, problem(503)))
                    .as("case %d (%s) answered 503", fuzzCase.number(), fuzzCase.kind()).isNotNull();
        }
    }

    @Test
    void everyCaseExpectsDeliberateStatusesOnly() {
        for (MalformedDigests.Case fuzzCase : cases()) {
            assertThat(fuzzCase.expected()).as("case %d (%s)", fuzzCase.number(), fuzzCase.kind()).isNotEmpty()
                    .allSatisfy(status -> assertThat(status).isBetween(200, 499));
        }
    }

    @Test
    void aServiceAcceptingEverythingFailsTheCasesThatCannotBeAccepted() {
        long refusedOnly = cases().stream().filter(c -> !c.expected().contains(202)).count();
        long flagged = cases().stream().filter(c -> IngestFuzzTest.judge(c.expected(), 202, "application/json",
                "{\"accepted\":0,\"papers\":[],\"rejected\":[]}") != null).count();

        assertThat(refusedOnly).as("cases no correct ingest accepts").isGreaterThan(cases().size() / 4);
        assertThat(flagged).isEqualTo(refusedOnly);
    }

    @Test
    void aRightStatusWithoutAProblemBodyFails() {
        MalformedDigests.Case unauthorized = cases().stream().filter(c -> c.expected().equals(
                MalformedDigests.UNAUTHORIZED)).findFirst().orElseThrow();

        assertThat(IngestFuzzTest.judge(unauthorized.expected(), 401, PROBLEM, problem(401))).isNull();
        assertThat(IngestFuzzTest.judge(unauthorized.expected(), 401, "text/html", "<h1>401</h1>")).isNotNull();
        assertThat(IngestFuzzTest.judge(unauthorized.expected(), 401, PROBLEM, problem(400))).isNotNull();
    }

    private static List<MalformedDigests.Case> cases() {
        List<MalformedDigests.Case> cases = new ArrayList<>();
        for (int n = 0; n < IngestFuzzTest.CASES; n++) {
            cases.add(MalformedDigests.generate(n));
        }
        cases.addAll(MalformedDigests.aroundTheLimit(SMALL_LIMIT));
        return cases;
    }

    private static String problem(int status) {
        return "{\"type\":\"urn:x\",\"title\":\"t\",\"status\":" + status + "}";
    }
}
