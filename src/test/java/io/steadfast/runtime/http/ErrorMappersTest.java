package io.steadfast.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;

import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/**
 * What an unexpected failure of a REST call shows the caller: a stable code and a fixed sentence, never the
 * exception's class, message or stack, whatever they hold.
 */
class ErrorMappersTest {

    private static final String SECRET = "password=hunter2 at jdbc:postgresql://db.internal/ledger";

    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void aBugIsA500WithNothingOfTheException() {
        Response response = mappers.unexpected(new IllegalStateException(SECRET,
                new IllegalArgumentException(SECRET)));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getEntity()).isEqualTo(new ApiError("internal-error",
                "The request failed unexpectedly; see the service log."));
    }

    @Test
    void theDatabaseBeingAwayIsA503WithNothingOfTheException() {
        Response response = mappers.unexpected(new RuntimeException(new ConnectException(SECRET)));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getEntity()).isEqualTo(new ApiError("unavailable",
                "The database is unreachable; retry later."));
    }

    @Test
    void aDatabaseErrorNeverShowsItsStatementOrDetail() {
        PgException refused = new PgException(SECRET, "ERROR", "42501", "permission denied: " + SECRET);

        ApiError body = (ApiError) mappers.unexpected(refused).getEntity();

        assertThat(body.code()).isEqualTo("internal-error");
        assertThat(body.message()).doesNotContain("hunter2", "PgException", "42501");
    }

    @Test
    void aServerErrorRaisedAsAWebExceptionShowsOnlyItsStatus() {
        Response response = mappers.web(new InternalServerErrorException(SECRET));

        assertThat(response.getStatus()).isEqualTo(500);
        ApiError body = (ApiError) response.getEntity();
        assertThat(body.code()).isEqualTo("internal-error");
        assertThat(body.message()).doesNotContain("hunter2");
    }

    @Test
    void aBodyCutOffOverTheSizeLimitIsA413() {
        Response response = mappers.unreadableBody(new IOException("Request too large"));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(((ApiError) response.getEntity()).code()).isEqualTo("body-too-large");
    }

    @Test
    void anyOtherIOExceptionIsWhatItWas() {
        assertThat(mappers.unreadableBody(new ConnectException(SECRET)).getStatus()).as("database away").isEqualTo(503);
        Response other = mappers.unreadableBody(new IOException(SECRET));
        assertThat(other.getStatus()).isEqualTo(500);
        assertThat(((ApiError) other.getEntity()).message()).doesNotContain("hunter2");
    }

    @Test
    void aClientErrorKeepsItsMessage() {
        Response response = mappers.web(new NotFoundException("No such page"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(new ApiError("not-found", "No such page"));
    }
}
