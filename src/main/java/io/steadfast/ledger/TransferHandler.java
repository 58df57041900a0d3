package io.steadfast.ledger;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.BatchHandler;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.ImmediateRetries;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * The ledger's transfer consumer, whole: takes transfer messages from the {@code ledger-transfers} channel (queue
 * {@code ledger.transfers}) and applies each exactly once. Created at start-up, so that the consumer (its state, its
 * metrics) exists before the first message. The retry settings are Steadfast's defaults (3 immediate retries, 1 s
 * doubling, capped at 10 s, with jitter); override them with
 * {@code io.steadfast.ledger.TransferHandler/handle/Retry/maxRetries} and friends.
 */
@ApplicationScoped
@Startup
public class TransferHandler implements BatchHandler {

    public static final String CHANNEL = "ledger-transfers";

    @Inject
    Ledger ledger;

    @Inject
    Consumers consumers;

    @PostConstruct
    void register() {
        consumers.register(CHANNEL, this);
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(Message<Object> message) {
        return consumers.admit(CHANNEL, message);
    }

    @Override
    @ExactlyOnce
    @Retry(maxRetries = ImmediateRetries.MAX_RETRIES, delay = ImmediateRetries.DELAY_MILLIS,
            jitter = ImmediateRetries.JITTER_MILLIS)
    @ExponentialBackoff(factor = ImmediateRetries.BACKOFF_FACTOR, maxDelay = ImmediateRetries.MAX_DELAY_MILLIS)
    public Uni<Void> handle(InboundMessage message) {
        return ledger.applyAll(List.of(command(message)));
    }

    /** Set-based: the batch's transfers in a handful of statements (see {@link Ledger#applyAll}). */
    @Override
    public Uni<Void> handleAll(List<InboundMessage> messages) {
        return ledger.applyAll(messages.stream().map(TransferHandler::command).toList());
    }

    private static TransferCommand command(InboundMessage message) {
        try {
            return TransferCommand.from(message.json());
        } catch (TransferCommand.Invalid e) {
            throw new PermanentFailure(PermanentFailure.INVALID, e.getMessage(), e);
        }
    }
}
