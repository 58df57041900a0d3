package io.steadfast.runtime.http;

/** The body of every error response: never a stack trace. */
public record ApiError(String code, String message) {
}
