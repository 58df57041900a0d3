package io.steadfast.runtime.recoverability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit for one consumer's start notes: the starts requested while a note statement is on its way are written
 * together by the next one. Idle, a start is written at once (one round trip, as before); under load, one statement
 * and one commit note as many starts as arrived during the previous round trip, so PostgreSQL runs one bookkeeping
 * transaction per round trip instead of one per message.
 * <p>
 * Written here because neither the reactive SQL client nor Mutiny groups independent callers' statements into one.
 * A message id appears at most once per statement (an upsert may not touch a row twice): a second start of the same
 * message waits for the next one. Each caller continues on the Vert.x context it asked from.
 */
final class StartNotes {

    private record Request(String messageId, Context context, UniEmitter<? super StartedAttempt> emitter) {
    }

    private final Function<Collection<String>, Uni<Map<String, StartedAttempt>>> write;
    private final List<Request> queued = new ArrayList<>();
    private boolean writing;

    /** @param write notes the starts of distinct message ids in one statement, answering each one's note by id */
    StartNotes(Function<Collection<String>, Uni<Map<String, StartedAttempt>>> write) {
        this.write = write;
    }

    Uni<StartedAttempt> start(String messageId) {
        return Uni.createFrom().emitter(emitter -> {
            Request request = new Request(messageId, Vertx.currentContext(), emitter);
            List<Request> group;
            synchronized (this) {
                queued.add(request);
                group = writing ? null : takeGroup();
            }
            if (group != null) {
                write(group);
            }
        });
    }

    /** The queued requests with distinct message ids, in arrival order; marks a write in progress. */
    private List<Request> takeGroup() {
        Map<String, Request> distinct = new LinkedHashMap<>();
        for (var iterator = queued.iterator(); iterator.hasNext();) {
            Request request = iterator.next();
            if (distinct.putIfAbsent(request.messageId(), request) == null) {
                iterator.remove();
            }
        }
        writing = !distinct.isEmpty();
        return writing ? List.copyOf(distinct.values()) : null;
    }

    private void write(List<Request> group) {
        Uni.createFrom().deferred(() -> write.apply(group.stream().map(Request::messageId).toList()))
                .subscribe().with(noted -> {
                    finish();
                    for (Request request : group) {
                        StartedAttempt started = noted.get(request.messageId());
                        if (started == null) {
                            answer(request, null, new IllegalStateException(
                                    "No start note came back for message " + request.messageId()));
                        } else {
                            answer(request, started, null);
                        }
                    }
                }, failure -> {
                    finish();
                    group.forEach(request -> answer(request, null, failure));
                });
    }

    /** The write is done: the next group, if any, goes now. */
    private void finish() {
        List<Request> next;
        synchronized (this) {
            writing = false;
            next = takeGroup();
        }
        if (next != null) {
            write(next);
        }
    }

    private static void answer(Request request, StartedAttempt started, Throwable failure) {
        Runnable report = () -> {
            if (failure == null) {
                request.emitter().complete(started);
            } else {
                request.emitter().fail(failure);
            }
        };
        if (request.context() == null) {
            report.run();
        } else {
            request.context().runOnContext(ignored -> report.run());
        }
    }
}
