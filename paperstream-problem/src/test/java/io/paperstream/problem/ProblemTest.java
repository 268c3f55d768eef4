package io.paperstream.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void typeUriIsThePrefixAndTheKebabCaseName() {
        assertThat(CommonProblemType.UNSUPPORTED_MEDIA_TYPE.uri())
                .isEqualTo("urn:paperstream:problem:unsupported-media-type");
    }

    @Test
    void writesTheStandardMembersThenTheExtensionsAndOmitsWhatIsUnknown() throws Exception {
        Problem problem = Problem.of(CommonProblemType.MALFORMED_JSON, "bad", null).with("line", 3)
                .with("rejected", List.of("a"));

        String json = mapper.writeValueAsString(problem);

        assertThat(json).isEqualTo("{\"type\":\"urn:paperstream:problem:malformed-json\",\"title\":\"Malformed JSON"
                + " body\",\"status\":400,\"detail\":\"bad\",\"line\":3,\"rejected\":[\"a\"]}");
    }

    @Test
    void withAndAtLeaveTheOriginalUnchanged() throws Exception {
        Problem original = Problem.ofStatus(404, "gone", null);

        JsonNode copy = mapper.valueToTree(original.with("extra", true).at("/papers/x"));

        assertThat(original.extensions()).isEmpty();
        assertThat(original.instance()).isNull();
        assertThat(copy.get("type").asText()).isEqualTo("about:blank");
        assertThat(copy.get("title").asText()).isEqualTo("Not Found");
        assertThat(copy.get("instance").asText()).isEqualTo("/papers/x");
        assertThat(copy.get("extra").asBoolean()).isTrue();
    }

    @Test
    void anExceptionWithoutInstanceNamesTheRequestPathAndCarriesItsHeaders() {
        ProblemException e = ProblemException.of(CommonProblemType.INTERNAL_ERROR, "boom").withHeader("Retry-After", 5);

        var response = e.toResponse("/x");

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).instance()).isEqualTo("/x");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }
}
