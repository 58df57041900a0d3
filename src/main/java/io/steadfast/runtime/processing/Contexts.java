package io.steadfast.runtime.processing;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Vert.x context plumbing: each delivery runs on its own duplicated context, which holds its reactive session. */
public final class Contexts {

    private Contexts() {
    }

    /** A fresh duplicated context, marked safe for Hibernate Reactive, on the given event loop. */
    public static Context newDeliveryContext(Vertx vertx) {
        Context current = Vertx.currentContext();
        Context root = current != null ? current : vertx.getOrCreateContext();
        Context duplicated = VertxContext.createNewDuplicatedContext(root);
        VertxContextSafetyToggle.setContextSafe(duplicated, true);
        return duplicated;
    }

    /** Runs the work on {@code context}, hopping there first unless already on it. */
    public static <T> Uni<T> on(Context context, Supplier<? extends Uni<? extends T>> work) {
        if (Vertx.currentContext() == context) {
            return Uni.createFrom().<T>deferred(work::get);
        }
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work::get)
                .subscribe().with(emitter::complete, emitter::fail)));
    }

    /** Continues downstream on {@code context}; for results that arrive on another thread (a broker's ack). */
    public static <T> Uni<T> backTo(Context context, Uni<T> upstream) {
        return upstream.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
