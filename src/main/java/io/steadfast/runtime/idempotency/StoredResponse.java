package io.steadfast.runtime.idempotency;

/** A response stored under an idempotency key, replayed byte for byte to every retry of the same request. */
public record StoredResponse(int status, String location, String body) {
}
