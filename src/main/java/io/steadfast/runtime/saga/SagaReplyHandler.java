package io.steadfast.runtime.saga;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.processing.MessageHandler;

/**
 * Consumes the replies to sagas: register it for the channel the participants answer on
 * ({@code consumers.register(channel, sagaReplyHandler)}). Each reply is taken exactly once through the inbox and
 * applied in the same transaction. A version conflict (a deadline fired meanwhile) is retried at once on the fresh
 * state.
 */
@ApplicationScoped
@ExactlyOnce
public class SagaReplyHandler implements MessageHandler {

    @Inject
    Sagas sagas;

    @Override
    @Retry(maxRetries = 5, delay = 20, delayUnit = ChronoUnit.MILLIS, jitter = 20)
    @ExponentialBackoff(factor = 2, maxDelay = 1, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> handle(InboundMessage message) {
        return sagas.onMessage(message);
    }
}
