package io.steadfast.runtime.http;

import java.io.IOException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.steadfast.runtime.recoverability.FailureClassifier;
import io.steadfast.runtime.recoverability.FailureKind;

/** Maps every failure of a REST call to a JSON {@link ApiError}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final String UNEXPECTED = "The request failed unexpectedly; see the service log.";
    /** The message of the IOException Quarkus REST throws when it cuts off a body over the size limit. */
    private static final String QUARKUS_BODY_TOO_LARGE = "Request too large";

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    /** No credentials, or credentials that do not check out: 401, with the schemes the service accepts. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(error(401, "unauthenticated",
                "This endpoint needs an authenticated caller: a bearer token from the identity provider, or a"
                        + " configured user's basic credentials."))
                .header("WWW-Authenticate", "Bearer")
                .header("WWW-Authenticate", "Basic realm=\"steadfast\"")
                .build();
    }

    /** Authenticated, but without the role the endpoint needs: 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(403, "forbidden", "The caller lacks the role this endpoint needs (viewer to read, admin to"
                + " change).");
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return error(400, "malformed-json", "The request body is not valid JSON of the expected shape: "
                + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            // Whoever raised it may have put anything in the message: it goes to the log, not to the caller.
            LOG.error("A REST call failed with status " + status, e);
            return status == 503 ? error(status, "unavailable", "The service cannot answer now; retry later.")
                    : error(status, "internal-error", UNEXPECTED);
        }
        String code = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "bad-request";
        };
        return error(status, code, e.getMessage());
    }

    /**
     * Quarkus REST refused a body of unknown length that grew past {@code quarkus.http.limits.max-body-size} (over
     * HTTP/2; it has answered a bare 413 itself and closed the stream, so this answer is never sent). The caller's
     * doing, not a failure of the service: no error and no stack trace in the log, which a caller could otherwise
     * fill at will. Any other IOException (a database connection refused is one) is what it was before.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        if (QUARKUS_BODY_TOO_LARGE.equals(e.getMessage())) {
            LOG.debug("A request body over the size limit was refused while it arrived");
            return error(413, "body-too-large", "The request body is larger than the service accepts");
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (FailureClassifier.classify(e).kind() == FailureKind.INFRASTRUCTURE) {
            LOG.warn("REST call failed: database unreachable", e);
            return error(503, "unavailable", "The database is unreachable; retry later.");
        }
        LOG.error("Unexpected failure of a REST call", e);
        return error(500, "internal-error", UNEXPECTED);
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message))
                .build();
    }
}
