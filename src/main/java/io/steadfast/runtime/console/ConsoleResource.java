package io.steadfast.runtime.console;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.outbox.Outbox;
import io.steadfast.runtime.deadletter.DeadLetterEntry;
import io.steadfast.runtime.deadletter.DeadLetterOperations;
import io.steadfast.runtime.deadletter.DeadLetterStatus;
import io.steadfast.runtime.http.ApiException;
import io.steadfast.runtime.outbox.OutboxRelay;
import io.steadfast.runtime.processing.Consumers;
import io.steadfast.runtime.saga.SagaQueries;
import io.steadfast.runtime.saga.SagaStatus;
import io.steadfast.runtime.saga.Sagas;
import io.steadfast.runtime.security.Roles;

/**
 * The dead-letter console: dead letters grouped by consumer and reason, the entries of a filter with a preview of
 * their bodies, replay and discard one by one or all pending of a filter, and the consumers' and the outbox's state.
 * Plain server-rendered HTML; every change is a form POST answered by a redirect back to the page.
 */
@Path("/console")
@RolesAllowed(Roles.ADMIN)
public class ConsoleResource {

    static final int PAGE_SIZE = 50;
    static final int PREVIEW_CHARACTERS = 240;
    static final int STUCK_SAGAS_SHOWN = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(ConsoleView view);
    }

    /** What the page shows. */
    public record ConsoleView(String user, String notice, String consumer, String reason, String status,
            List<Consumers.State> consumers, long outboxPending, String outboxOldest, List<Group> groups,
            List<Row> entries, long total, boolean more, List<StuckSaga> stuckSagas) {

        public boolean filtered() {
            return !consumer.isEmpty() || !reason.isEmpty();
        }
    }

    /** Dead letters of one consumer and reason, by status. */
    public record Group(String consumer, String reason, long pending, long replayed, long discarded) {
    }

    /** A saga waiting for an operator. */
    public record StuckSaga(String id, String type, String reason, String since) {
    }

    /** One entry, as listed. */
    public record Row(long id, String consumer, String reason, String messageId, int attempts, String lastFailureAt,
            String status, String exception, String preview) {

        public boolean pending() {
            return "PENDING".equals(status);
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    SecurityIdentity identity;

    @Inject
    DeadLetterOperations operations;

    @Inject
    Consumers consumers;

    @Inject
    OutboxRelay relay;

    @Inject
    SagaQueries sagaQueries;

    @Inject
    Sagas sagas;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @WithSession
    public Uni<TemplateInstance> page(@QueryParam("consumer") String consumer, @QueryParam("reason") String reason,
            @QueryParam("status") String status, @QueryParam("notice") String notice) {
        String shownStatus = status == null ? "PENDING" : status.toUpperCase(Locale.ROOT);
        DeadLetterStatus statusFilter = parseStatus(shownStatus);
        DeadLetterOperations.Filter filter = DeadLetterOperations.Filter.of(consumer, reason, statusFilter);
        var query = DeadLetterEntry.<DeadLetterEntry> find(filter.where(), Sort.descending("id"), filter.params())
                .page(Page.ofSize(PAGE_SIZE));
        Uni<List<StuckSaga>> stuck = sagaQueries.list(SagaStatus.NEEDS_ATTENTION, null, STUCK_SAGAS_SHOWN)
                .map(list -> list.stream().map(saga -> new StuckSaga(saga.id().toString(), saga.type(),
                        nonNull(saga.reason()), TIME.format(saga.updatedAt()))).toList());
        return stuck.chain(stuckSagas -> groups().chain(groups -> query.list().chain(entries -> query.count()
                .map(total -> new ConsoleView(identity.getPrincipal().getName(), nonNull(notice), nonNull(consumer),
                        nonNull(reason), statusFilter == null ? "ALL" : shownStatus, consumers.states(),
                        relay.pending(), age(relay.oldestAgeSeconds()), groups,
                        entries.stream().map(ConsoleResource::row).toList(), total, total > entries.size(),
                        stuckSagas)))))
                .map(Templates::page);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> replay(@FormParam("id") long id, @FormParam("consumer") String consumer,
            @FormParam("reason") String reason, @FormParam("status") String status, @Context HttpHeaders headers) {
        sameOrigin(headers);
        return operations.replay(id, identity.getPrincipal().getName())
                .map(replay -> back(consumer, reason, status, replay.sent() ? "Dead letter " + id + " replayed."
                        : "Dead letter " + id + " had been replayed already; nothing sent."));
    }

    @POST
    @Path("/discard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> discard(@FormParam("id") long id, @FormParam("consumer") String consumer,
            @FormParam("reason") String reason, @FormParam("status") String status, @Context HttpHeaders headers) {
        sameOrigin(headers);
        return operations.discard(id, identity.getPrincipal().getName())
                .map(entry -> back(consumer, reason, status, "Dead letter " + id + " discarded."));
    }

    @POST
    @Path("/replay-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> replayAll(@FormParam("consumer") String consumer, @FormParam("reason") String reason,
            @Context HttpHeaders headers) {
        sameOrigin(headers);
        return operations.replayAll(blankToNull(consumer), blankToNull(reason), identity.getPrincipal().getName())
                .map(bulk -> back(consumer, reason, "PENDING", bulk.done() + " replayed" + (bulk.failed() > 0
                        ? ", " + bulk.failed() + " failed (still pending)" : "") + "; " + bulk.remaining()
                        + " pending left."));
    }

    @POST
    @Path("/discard-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> discardAll(@FormParam("consumer") String consumer, @FormParam("reason") String reason,
            @Context HttpHeaders headers) {
        sameOrigin(headers);
        return operations.discardAll(blankToNull(consumer), blankToNull(reason), identity.getPrincipal().getName())
                .map(bulk -> back(consumer, reason, "PENDING", bulk.done() + " discarded."));
    }

    /** Retries a stuck saga's step (its definition's {@code onRetry}). */
    @POST
    @Path("/saga-retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> retrySaga(@FormParam("id") String id, @Context HttpHeaders headers) {
        return operateSaga(id, "retried", sagas::retry, headers);
    }

    /** Cancels a saga: its definition compensates what it did. */
    @POST
    @Path("/saga-cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancelSaga(@FormParam("id") String id, @Context HttpHeaders headers) {
        return operateSaga(id, "cancelled", sagas::cancel, headers);
    }

    private Uni<Response> operateSaga(String id, String done, BiFunction<UUID, String, Uni<SagaStatus>> operation,
            HttpHeaders headers) {
        sameOrigin(headers);
        UUID sagaId;
        try {
            sagaId = UUID.fromString(nonNull(id));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-saga-id", "A saga id is a UUID");
        }
        String operator = identity.getPrincipal().getName();
        return outbox.withTransaction(() -> operation.apply(sagaId, operator))
                .map(status -> back(null, null, null, "Saga " + sagaId + " " + done + ": now " + status + "."))
                .onFailure(ApiException.class).recoverWithItem(failure -> back(null, null, null,
                        "Saga " + sagaId + ": " + failure.getMessage()));
    }

    private static Uni<List<Group>> groups() {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select e.consumer, e.reason, e.status, count(e) from DeadLetterEntry e"
                        + " group by e.consumer, e.reason, e.status order by e.consumer, e.reason", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<String, long[]> counts = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        long[] byStatus = counts.computeIfAbsent(row[0] + "\n" + row[1], key -> new long[3]);
                        byStatus[((DeadLetterStatus) row[2]).ordinal()] += (Long) row[3];
                    }
                    return counts.entrySet().stream().map(entry -> {
                        String[] key = entry.getKey().split("\n", 2);
                        long[] byStatus = entry.getValue();
                        return new Group(key[0], key[1], byStatus[DeadLetterStatus.PENDING.ordinal()],
                                byStatus[DeadLetterStatus.REPLAYED.ordinal()],
                                byStatus[DeadLetterStatus.DISCARDED.ordinal()]);
                    }).toList();
                });
    }

    private static Row row(DeadLetterEntry entry) {
        return new Row(entry.id, entry.consumer, entry.reason, nonNull(entry.messageId), entry.attempts,
                entry.lastFailureAt == null ? "" : TIME.format(entry.lastFailureAt), entry.status.name(),
                entry.exceptionMessage == null ? "" : truncate(entry.exceptionMessage), preview(entry.body));
    }

    /** The body as text when it is UTF-8 text, cut to a preview; otherwise its size. */
    static String preview(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty)";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                return "(binary, " + body.length + " bytes)";
            }
            return truncate(text);
        } catch (CharacterCodingException e) {
            return "(binary, " + body.length + " bytes)";
        }
    }

    private static String truncate(String text) {
        return text.length() <= PREVIEW_CHARACTERS ? text : text.substring(0, PREVIEW_CHARACTERS) + "…";
    }

    private static String age(double seconds) {
        if (seconds <= 0) {
            return "none";
        }
        return seconds < 120 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
    }

    /**
     * Refuses a form posted from another site (the browser would send the operator's credentials with it): the
     * Origin (or, without one, the Referer) must name the host the request was made to.
     */
    private static void sameOrigin(HttpHeaders headers) {
        String host = headers.getHeaderString(HttpHeaders.HOST);
        String origin = headers.getHeaderString("Origin");
        String source = origin != null ? origin : headers.getHeaderString("Referer");
        String authority = null;
        try {
            authority = source == null ? null : URI.create(source).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (host == null || authority == null || !authority.equalsIgnoreCase(host)) {
            throw new ApiException(403, "cross-origin", "Console changes must be posted from the console's own page");
        }
    }

    private static Response back(String consumer, String reason, String status, String notice) {
        UriBuilder uri = UriBuilder.fromPath("/console");
        if (!blank(consumer)) {
            uri.queryParam("consumer", consumer);
        }
        if (!blank(reason)) {
            uri.queryParam("reason", reason);
        }
        if (!blank(status)) {
            uri.queryParam("status", status);
        }
        return Response.seeOther(uri.queryParam("notice", notice).build()).build();
    }

    private static DeadLetterStatus parseStatus(String status) {
        if (status.equals("ALL")) {
            return null;
        }
        try {
            return DeadLetterStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-status", "status is one of PENDING, REPLAYED, DISCARDED, ALL");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
