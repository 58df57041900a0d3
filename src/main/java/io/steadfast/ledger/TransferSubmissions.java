package io.steadfast.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.idempotency.IdempotencyKeys;
import io.steadfast.runtime.idempotency.IdempotencyStart;
import io.steadfast.runtime.idempotency.StoredResponse;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.outbox.OutgoingMessage;
import io.steadfast.runtime.context.Contexts;
import io.steadfast.runtime.testing.CrashPoints;
import io.steadfast.runtime.transport.MessageSender;
import io.steadfast.runtime.transport.OutboundEnvelope;
import io.vertx.core.json.JsonObject;

/**
 * Turns an accepted {@code POST /transfers} into a transfer command on {@code ledger.transfers}, once per
 * Idempotency-Key, in either mode. The command is applied by the ledger's own consumer, through its inbox.
 */
@ApplicationScoped
public class TransferSubmissions {

    static final String COMMANDS = "ledger.transfers";

    @Inject
    LedgerConfig config;
    @Inject
    IdempotencyKeys keys;
    @Inject
    Outbox outbox;
    @Inject
    MessageSender sender;
    @Inject
    CrashPoints crashPoints;
    @Inject
    MessageTracing tracing;

    /** A validated request: the transfer without its id. */
    public record Request(String from, String to, long amount, String currency) {
    }

    Uni<StoredResponse> submit(String scope, String key, String fingerprint, Request request) {
        return config.httpMode() == LedgerConfig.HttpMode.OUTBOX
                ? viaOutbox(scope, key, fingerprint, request)
                : viaBroker(scope, key, fingerprint, request);
    }

    /** One transaction: the key's record, its response and the command's outbox row commit together. */
    private Uni<StoredResponse> viaOutbox(String scope, String key, String fingerprint, Request request) {
        String transferId = UUID.randomUUID().toString();
        return outbox.withTransaction(() -> keys.start(scope, key, fingerprint, transferId, null).chain(start -> {
            if (!(start instanceof IdempotencyStart.Proceed proceed)) {
                return Uni.createFrom().item(IdempotencyKeys.answerSeen(start));
            }
            StoredResponse accepted = accepted(proceed.resourceId());
            return outbox.add(OutgoingMessage.json(COMMANDS, command(proceed.resourceId(), request),
                    proceed.resourceId(), Map.of()))
                    .chain(() -> keys.complete(scope, key, accepted))
                    .replaceWith(accepted);
        })).invoke(this::committed);
    }

    /**
     * The key is held in flight while the command is sent; the answer is stored once the broker accepted it. The
     * transfer id (and so the message id) derives from the key and the request, so a retry after any failure sends
     * the same message, which the consumer's inbox applies once.
     */
    private Uni<StoredResponse> viaBroker(String scope, String key, String fingerprint, Request request) {
        String transferId = UUID.nameUUIDFromBytes((scope + "\n" + key + "\n" + fingerprint)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return Panache.withTransaction(() -> keys.start(scope, key, fingerprint, transferId, null)).chain(start -> {
            if (!(start instanceof IdempotencyStart.Proceed proceed)) {
                return Uni.createFrom().item(IdempotencyKeys.answerSeen(start));
            }
            String id = proceed.resourceId();
            OutboundEnvelope envelope = new OutboundEnvelope(COMMANDS, "http-" + id,
                    command(id, request).getBytes(StandardCharsets.UTF_8), "application/json",
                    tracing.withCurrentContext(Map.of()), id);
            return Contexts.backToSubscriber(sender.send(envelope).ifNoItem().after(config.sendTimeout()).fail())
                    .onItemOrFailure().transformToUni((sent, failure) -> failure == null
                            ? Panache.withTransaction(() -> keys.complete(scope, key, accepted(id)))
                                    .replaceWith(accepted(id)).invoke(this::committed)
                            : Panache.withTransaction(() -> keys.forget(scope, key))
                                    .onItemOrFailure().transformToUni((ignored, forgetFailure) -> Uni.createFrom()
                                            .failure(new ApiException(503, "broker-unavailable",
                                                    "The broker did not accept the transfer; retry with the same"
                                                            + " Idempotency-Key"))));
        });
    }

    private void committed(StoredResponse response) {
        crashPoints.reached(CrashPoints.AFTER_IDEMPOTENCY_COMMIT);
    }

    private static StoredResponse accepted(String transferId) {
        return new StoredResponse(202, "/transfers/" + transferId,
                new JsonObject().put("transferId", transferId).put("status", "ACCEPTED").encode());
    }

    private static String command(String transferId, Request request) {
        return new JsonObject()
                .put("transferId", transferId)
                .put("from", request.from())
                .put("to", request.to())
                .put("amount", request.amount())
                .put("currency", request.currency())
                .encode();
    }
}
