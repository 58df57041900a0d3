package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.steadfast.runtime.http.ErrorMappers;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.LogRecorder;
import io.steadfast.testing.Sql;

/**
 * Hostile requests to {@code POST /transfers}: each gets a 4xx JSON error with a stable code and no stack trace,
 * and nothing is stored.
 */
@QuarkusTest
@Timeout(60)
class HostileHttpInputTest {

    private final String prefix = Ledgers.uniquePrefix();
    /** One key for every request of a test: none may be stored, so none is ever "reused". */
    private final String key = UUID.randomUUID().toString();

    @Test
    void malformedJson() {
        assertRefused(post("{\"from\": \"a\", \"to\":"), 400, "malformed-json");
        assertRefused(post("\u0000\u00ff\u00fe"), 400, "malformed-json");
        assertRefused(post(""), 422, "invalid-transfer");
    }

    @Test
    void wrongTypesAndOutOfRangeValues() {
        assertRefused(post(body("\"100\"", "\"EUR\"")), 422, "invalid-transfer");
        assertRefused(post(body("100.5", "\"EUR\"")), 422, "invalid-transfer");
        assertRefused(post(body("1e400", "\"EUR\"")), 422, "invalid-transfer");
        assertRefused(post(body("99999999999999999999999999", "\"EUR\"")), 422, "invalid-transfer");
        assertRefused(post(body("100", "7")), 422, "invalid-transfer");
        assertRefused(post("[1,2,3]"), 422, "invalid-transfer");
        assertRefused(post("\"a string\""), 422, "invalid-transfer");
        String longAccount = "x".repeat(101);
        Response tooLong = post("{\"from\":\"" + longAccount + "\",\"to\":\"b\",\"amount\":1,\"currency\":\"EUR\"}");
        assertRefused(tooLong, 422, "invalid-transfer");
        assertThat(tooLong.jsonPath().getString("message")).contains("from has at most 100 characters");
    }

    @Test
    void unknownFieldsAreRefusedNotIgnored() {
        Response response = post("{\"from\":\"" + prefix + "a\",\"to\":\"" + prefix + "b\",\"amount\":1,"
                + "\"currency\":\"EUR\",\"amuont\":2}");
        assertRefused(response, 422, "invalid-transfer");
        assertThat(response.jsonPath().getString("message")).contains("unknown field 'amuont'");
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        assertRefused(post(oversized()), 413, "body-too-large");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsAccepted() throws Exception {
        HttpResponse<String> response = postChunked(body("1", "\"EUR\""), HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Sql.number("select count(*) from steadfast_idempotency where idempotency_key = ?", key))
                .isEqualTo(1);
    }

    @Test
    void anOversizedChunkedBodyIsRefusedWith413() throws Exception {
        HttpResponse<String> response = postChunked(oversized(), HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"code\":\"body-too-large\"");
        assertNothingStored();
    }

    @Test
    void anOversizedBodyOfUnknownLengthOverHttp2IsRefusedWithABare413() throws Exception {
        // Quarkus REST cuts it off itself, without a body: the one refusal that is not JSON (docs/http-commands.md).
        try (LogRecorder log = LogRecorder.start(Level.INFO)) {
            try {
                HttpResponse<String> response = postChunked(oversized(), HttpClient.Version.HTTP_2);
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.statusCode()).isEqualTo(413);
            } catch (IOException cutOff) {
                // The server refused and closed the stream while the client was still sending 2 MB; the client may
                // then report the closed connection (GOAWAY, EOF; or an IOException without a message, caused by
                // ClosedChannelException) before it reads the 413. A race of the transport, seen in about half the
                // runs of this class alone: refused all the same.
                String chain = Stream.iterate((Throwable) cutOff, Objects::nonNull, Throwable::getCause)
                        .map(Throwable::toString).collect(Collectors.joining(" | "));
                assertThat(chain).matches("(?is).*(goaway|eof|closed|reset).*");
            }
            assertNothingStored();
            // The refusal is the caller's doing: where it reaches the exception mappers (in some runs only, one in
            // three here, depending on how far the body got), they note it at DEBUG, never as an error with a stack
            // trace, which a caller could otherwise write into the log at will. ErrorMappersTest pins the mapping.
            assertThat(log.lines()).noneMatch(line -> line.startsWith(ErrorMappers.class.getName()));
        }
    }

    private HttpResponse<String> postChunked(String text, HttpClient.Version version) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/transfers"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                // Of unknown length, so sent chunked: only counting the bytes as they come can stop it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HttpClient.newBuilder().version(version).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Over the 1M limit. */
    private static String oversized() {
        return "{\"from\":\"" + "a".repeat(2_000_000) + "\",\"to\":\"b\",\"amount\":1,\"currency\":\"EUR\"}";
    }

    @Test
    void absurdHeadersAreRefusedWith431() {
        Response response = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .header("X-Absurd", "h".repeat(100_000)).body(body("1", "\"EUR\"")).post("/transfers");
        assertRefused(response, 431, "headers-too-large");
    }

    @Test
    void theWrongContentTypeIs415() {
        Response response = given().contentType(ContentType.TEXT).header("Idempotency-Key", key)
                .body(body("1", "\"EUR\"")).post("/transfers");
        assertRefused(response, 415, "unsupported-media-type");
    }

    private void assertRefused(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
        assertNothingStored();
    }

    private void assertNothingStored() {
        assertThat(Sql.number("select count(*) from steadfast_idempotency where idempotency_key = ?", key))
                .as("no key stored").isZero();
        assertThat(Sql.number("select count(*) from steadfast_outbox where convert_from(body, 'UTF8') like ?",
                "%" + prefix + "%")).as("no command stored").isZero();
    }

    private String body(String amount, String currency) {
        return "{\"from\":\"" + prefix + "a\",\"to\":\"" + prefix + "b\",\"amount\":" + amount + ",\"currency\":"
                + currency + "}";
    }

    private Response post(String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/transfers");
    }
}
