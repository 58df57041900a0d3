package io.steadfast.runtime.http;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every {@code code} an {@link ApiError} can carry, with what it means: the contract callers program against, and
 * the list the OpenAPI document publishes. {@code ErrorCodesTest} fails when code raises one not listed here.
 */
public final class ErrorCodes {

    /** Code, and when it is answered. */
    public static final Map<String, String> ALL = new TreeMap<>(Map.ofEntries(
            Map.entry("bad-request", "400: the request is not one the service understands"),
            Map.entry("malformed-json", "400: the body is not JSON of the expected shape"),
            Map.entry("headers-too-large", "431: the request's headers are over steadfast.http.max-header-size"),
            Map.entry("body-too-large", "413: the body is over quarkus.http.limits.max-body-size"),
            Map.entry("idempotency-key-missing", "400: a command needs an Idempotency-Key header"),
            Map.entry("idempotency-key-too-long", "400: the Idempotency-Key header is over its length limit"),
            Map.entry("idempotency-key-in-flight", "409: a request with this key is still being processed; retry"),
            Map.entry("idempotency-key-reused", "422: this key was used with another request body"),
            Map.entry("invalid-account", "400/422: the account in the path or body is not valid"),
            Map.entry("invalid-account-id", "400: an account id's form is not valid"),
            Map.entry("invalid-transfer", "422: the transfer in the body is not valid"),
            Map.entry("invalid-transfer-id", "400: a transfer id is a UUID"),
            Map.entry("invalid-trip", "422: the trip in the body is not valid"),
            Map.entry("invalid-trip-id", "400: a trip id is a UUID"),
            Map.entry("invalid-saga-id", "400: a saga id's form is not valid"),
            Map.entry("invalid-page", "400: page is below 0 or size out of range"),
            Map.entry("invalid-limit", "400: limit out of range"),
            Map.entry("invalid-status", "400: the status filter names no status"),
            Map.entry("account-not-found", "404: no such account"),
            Map.entry("transfer-not-found", "404: no such transfer (or not decided yet)"),
            Map.entry("notification-not-found", "404: no such notification"),
            Map.entry("trip-not-found", "404: no such trip"),
            Map.entry("saga-not-found", "404: no such saga"),
            Map.entry("dead-letter-not-found", "404: no such dead letter"),
            Map.entry("not-found", "404: no such resource"),
            Map.entry("account-conflict", "409: the account exists with other settings"),
            Map.entry("dead-letter-discarded", "409: the dead letter was discarded; it cannot be replayed"),
            Map.entry("method-not-allowed", "405: the resource does not take this method"),
            Map.entry("not-acceptable", "406: the service cannot answer in the accepted media type"),
            Map.entry("unsupported-media-type", "415: the body's content type is not accepted"),
            Map.entry("unauthenticated", "401: no credentials, or credentials that do not check out"),
            Map.entry("forbidden", "403: the caller lacks the role the operation needs"),
            Map.entry("cross-origin", "403: a state-changing console form posted from another origin"),
            Map.entry("broker-unavailable", "503: the broker did not accept the command; retry with the same key"),
            Map.entry("unavailable", "503: the database is unreachable; retry later"),
            Map.entry("internal-error", "500: an unexpected failure; the log has the detail")));

    private ErrorCodes() {
    }
}
