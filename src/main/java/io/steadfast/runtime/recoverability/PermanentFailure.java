package io.steadfast.runtime.recoverability;

import java.util.Objects;

/**
 * Thrown by a handler when retrying cannot help: the message itself is wrong. The message is dead-lettered at
 * once with this reason code, without retries.
 */
public class PermanentFailure extends RuntimeException {

    /** The body is not what its content type says (for JSON: not parseable). */
    public static final String MALFORMED = "malformed";
    /** The body parses but a field is missing, of the wrong type or out of range. */
    public static final String INVALID = "invalid";
    /** The message declares a content type the handler does not read. */
    public static final String UNSUPPORTED_CONTENT_TYPE = "unsupported-content-type";

    private final String reason;

    public PermanentFailure(String reason, String message) {
        this(reason, message, null);
    }

    public PermanentFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A stable, kebab-case reason code recorded with the dead letter. */
    public String reason() {
        return reason;
    }
}
