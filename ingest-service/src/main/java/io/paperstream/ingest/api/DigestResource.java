package io.paperstream.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.api.IngestMetrics.Outcome;
import io.paperstream.ingest.config.IngestConfig;
import io.paperstream.ingest.digest.DigestParser;
import io.paperstream.ingest.digest.DigestRecord;
import io.paperstream.ingest.digest.ParsedDigest;
import io.paperstream.ingest.digest.RejectedBlock;
import io.paperstream.ingest.digest.TooManyRecordsException;
import io.paperstream.ingest.digest.UnreadableDigestException;
import io.paperstream.ingest.messaging.BrokerUnavailableException;
import io.paperstream.ingest.messaging.DigestContext;
import io.paperstream.ingest.messaging.DigestPublisher;
import io.paperstream.ingest.messaging.PreparedDigest;
import io.paperstream.ingest.messaging.RecordRefusedException;
import io.paperstream.problem.CommonProblemType;
import io.paperstream.problem.Problem;
import io.paperstream.problem.ProblemException;

/** {@code POST /digests}: a digest in, one PaperParsed event per valid record out, answered after the acks. */
@Path("/digests")
@Tag(name = "Digests", description = "Digests of research papers, in as text")
public class DigestResource {

    private static final String EXAMPLE = """
            When Does Model Collapse Occur in Structured Interactive Learning?
            This paper formalizes model collapse in multi-model interactive learning environments.
            Related guides (3)
            Related events (8)
            Peak-Then-Collapse: RLVR Tool-Use Failures on Knowledge-Graph APIs
            This paper investigates RLVR-based tool-use training on a minimal knowledge-graph API.
            """;
    /** Java arrays stop just short of 2 GiB; a bigger configured limit could never be honoured. */
    private static final long LARGEST_READABLE_BODY = Integer.MAX_VALUE - 16;

    private final DigestParser parser;
    private final BodyBudget budget;
    private final DigestPublisher publisher;
    private final IngestMetrics metrics;
    private final long maxBodySize;
    private final String defaultSource;
    private final int maxSourceLength;

    public DigestResource(DigestParser parser, DigestPublisher publisher, IngestMetrics metrics, IngestConfig config,
            PaperLimits limits, BodyBudget budget) {
        this.parser = parser;
        this.budget = budget;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodySize = config.maxBodySize().asLongValue();
        if (maxBodySize < 1 || maxBodySize > LARGEST_READABLE_BODY) {
            throw new IllegalArgumentException("paperstream.ingest.max-body-size must be between 1 byte and 2G, not "
                    + maxBodySize);
        }
        this.defaultSource = config.defaultSource();
        this.maxSourceLength = limits.maxSourceLength();
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "ingestDigest", summary = "Ingest a digest",
            description = "Parses a digest (per record: a title line, a one-paragraph summary line, then any"
                    + " 'Related <kind> (<n>)' lines) and emits one PaperParsed event per valid record to"
                    + " papers.parsed, keyed by paper id. Answers 202 only after the broker acknowledged every"
                    + " record; rejected records (including those whose event would exceed"
                    + " paperstream.limits.max-record-bytes) are reported with their line and sent to"
                    + " papers.dead-letter.")
    @SecurityRequirement(name = IngestApi.TOKEN_SCHEME)
    @APIResponse(responseCode = "202", description = "Every listed paper is acknowledged by the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DigestReceipt.class)))
    @APIResponse(responseCode = "400", description = "Empty body, binary body, not UTF-8, or a bad source label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "A token is configured and the request lacks it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over paperstream.ingest.max-body-size, or more records"
            + " than paperstream.ingest.max-records-per-digest (nothing of the digest is published)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not text/plain, or a charset other than UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No record of the digest is valid ('rejected' lists each), or"
            + " the broker refused one record for good ('line' names it; retrying cannot help)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time, or other digests hold"
            + " the memory budget for bodies; nothing is claimed, retrying is safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ingest(
            @Parameter(description = "Free-form label of where the digest comes from (default 'api')")
            @QueryParam("source") String source,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            @RequestBody(required = true, description = "The digest, UTF-8 text",
                    content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "two records", value = EXAMPLE)))
            InputStream body) {
        String instance = uri.getRequestUri().getRawPath();
        requireUtf8Text(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), instance);
        String label = sourceLabel(source, instance);
        // held until the answer: the text, records and events of the body live that long
        try (BodyBudget.Lease lease = budget.lease()) {
            return ingestText(readText(body, headers.getHeaderString(HttpHeaders.CONTENT_LENGTH), lease, instance),
                    label, instance);
        }
    }

    private Response ingestText(String text, String label, String instance) {
        ParsedDigest digest;
        try {
            digest = parser.parse(text);
        } catch (UnreadableDigestException e) {
            metrics.digest(Outcome.UNREADABLE);
            throw e;
        } catch (TooManyRecordsException e) {
            metrics.digest(Outcome.TOO_MANY_RECORDS);
            throw e;
        }
        DigestContext context = new DigestContext(UUID.randomUUID().toString(), label, Instant.now());
        // every paper is encoded and size-checked before anything of the digest is sent
        PreparedDigest prepared = publisher.prepare(digest, context);
        if (prepared.papers().isEmpty()) {
            return unprocessable(prepared.rejected(), context, instance);
        }
        try {
            publisher.publish(prepared, context);
        } catch (BrokerUnavailableException e) {
            metrics.digest(Outcome.UNAVAILABLE);
            throw e;
        } catch (RecordRefusedException e) {
            metrics.digest(Outcome.REFUSED);
            throw e;
        }
        metrics.digest(Outcome.ACCEPTED);
        metrics.accepted(prepared.papers().size());
        metrics.rejected(prepared.rejected());
        return Response.accepted(receipt(prepared, context)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response unprocessable(List<RejectedBlock> rejected, DigestContext context, String instance) {
        boolean deadLettered = publisher.deadLetterQuietly(rejected, context);
        metrics.digest(Outcome.UNPROCESSABLE);
        metrics.rejected(rejected);
        String detail = rejected.size() == 1
                ? "The only record of the digest is invalid: " + rejected.get(0).reason()
                : "None of the " + rejected.size() + " records of the digest is valid; see 'rejected'";
        return Problem.of(IngestProblemType.NO_VALID_RECORD, detail, instance)
                .with("digestId", context.digestId())
                .with("rejected", rejected.stream().map(DigestResource::rejection).toList())
                .with("deadLettered", deadLettered)
                .toResponse();
    }

    private static DigestReceipt receipt(PreparedDigest digest, DigestContext context) {
        List<DigestReceipt.AcceptedPaper> papers = digest.records().stream()
                .map(DigestResource::acceptedPaper)
                .toList();
        return new DigestReceipt(context.digestId(), papers.size(), papers,
                digest.rejected().stream().map(DigestResource::rejection).toList());
    }

    private static DigestReceipt.AcceptedPaper acceptedPaper(DigestRecord record) {
        return new DigestReceipt.AcceptedPaper(record.id(), record.title(), record.line());
    }

    private static DigestReceipt.Rejection rejection(RejectedBlock block) {
        return new DigestReceipt.Rejection(block.line(), block.code().slug(), block.reason());
    }

    /**
     * JAX-RS lets a request without Content-Type through to a text/plain method; the contract wants it said.
     * The charset parameter is optional; when given it must be UTF-8 (or its subset US-ASCII).
     */
    private static void requireUtf8Text(String contentType, String instance) {
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(Problem.of(CommonProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The request has no Content-Type; send the digest as 'Content-Type: text/plain' (UTF-8)",
                    instance));
        }
        // parsed here rather than through HttpHeaders.getMediaType(), which throws on a malformed header
        MediaType mediaType;
        try {
            mediaType = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(CommonProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The Content-Type '" + contentType.strip() + "' is malformed; send 'Content-Type: text/plain'",
                    instance));
        }
        for (Map.Entry<String, String> parameter : mediaType.getParameters().entrySet()) {
            if ("charset".equalsIgnoreCase(parameter.getKey()) && !isUtf8(parameter.getValue())) {
                throw new ProblemException(Problem.of(CommonProblemType.UNSUPPORTED_MEDIA_TYPE, "The charset '"
                        + parameter.getValue() + "' is not supported; send the digest as UTF-8", instance));
            }
        }
    }

    private static boolean isUtf8(String name) {
        try {
            Charset charset = Charset.forName(name.strip().replace("\"", ""));
            return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    private String sourceLabel(String source, String instance) {
        if (source == null || source.isBlank()) {
            return defaultSource;
        }
        String label = source.strip();
        if (label.codePointCount(0, label.length()) > maxSourceLength) {
            throw new ProblemException(Problem.of(IngestProblemType.INVALID_SOURCE,
                    "The source label is longer than " + maxSourceLength + " characters", instance));
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(Problem.of(IngestProblemType.INVALID_SOURCE,
                    "The source label holds control characters", instance));
        }
        return label;
    }

    /**
     * Reads the body in chunks into a buffer that grows with what arrives, up to the limit (plus one byte to
     * notice more), and decodes it. The declared length only serves to name a body that ended early: allocating
     * it up front let a client that declares 16 MB and sends 30 bytes cost 16 MB. The raw bytes are garbage once
     * this returns, so the text and the bytes are never both held by the parse that follows.
     */
    private String readText(InputStream body, String contentLength, BodyBudget.Lease lease, String instance) {
        BoundedBody read;
        try (body) {
            read = BoundedBody.read(body, maxBodySize, lease::reserve);
        } catch (IOException e) {
            throw unreadable("The body could not be read: " + e.getMessage(), instance);
        }
        if (read == null) {
            throw tooLarge(instance);
        }
        long declared = declaredLength(contentLength);
        if (declared >= 0 && read.length() != declared) {
            throw unreadable("The body has " + read.length() + " bytes, not its declared " + declared, instance);
        }
        return DigestParser.decode(read.bytes(), read.length());
    }

    /** The rest of the body stays unread, so the connection must not be reused for another request. */
    private ProblemException tooLarge(String instance) {
        return new ProblemException(RequestSizeGuard.tooLarge(maxBodySize, instance))
                .withHeader("Connection", "close");
    }

    private static long declaredLength(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ProblemException unreadable(String detail, String instance) {
        return new ProblemException(Problem.of(IngestProblemType.UNREADABLE_BODY, detail, instance));
    }
}
