package io.steadfast.runtime.processing;

import io.smallrye.mutiny.Uni;

/**
 * Applies one message's effects. Implementations are CDI beans annotated {@link ExactlyOnce}: the method then
 * runs inside one reactive transaction that starts with the inbox insert, so whatever it does through the current
 * Hibernate Reactive session (Panache entities, {@code Panache.getSession()}) commits with it, or not at all.
 * <p>
 * Immediate retries are the handler's own MicroProfile Fault Tolerance annotations on {@code handle}
 * ({@code @Retry}, {@code @ExponentialBackoff}); throw {@code PermanentFailure} when retrying cannot help.
 */
public interface MessageHandler {

    Uni<Void> handle(InboundMessage message);
}
