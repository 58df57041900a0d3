package io.steadfast.ledger;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.processing.BatchHandler;
import io.steadfast.runtime.processing.ExactlyOnce;
import io.steadfast.runtime.processing.InboundMessage;
import io.steadfast.runtime.recoverability.PermanentFailure;

/**
 * Applies one transfer message. The retry settings are Steadfast's defaults (3 immediate retries, 1 s doubling,
 * capped at 10 s, with jitter); override them with
 * {@code io.steadfast.ledger.TransferHandler/handle/Retry/maxRetries} and friends.
 */
@ApplicationScoped
@ExactlyOnce
public class TransferHandler implements BatchHandler {

    @Inject
    Ledger ledger;

    @Override
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200)
    @ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
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
