package io.steadfast.runtime.context;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/** Vert.x context plumbing: each delivery runs on its own duplicated context, which holds its reactive session. */
public final class Contexts {

    private Contexts() {
    }

    /**
     * A fresh duplicated context, marked safe for Hibernate Reactive, on the next event loop in turn. Deliveries all
     * arrive on their connection's event loop; left there, every transaction of a consumer would share one core.
     */
    public static Context newDeliveryContext(Vertx vertx) {
        Context duplicated = VertxContext.createNewDuplicatedContext(EventLoops.of(vertx).next());
        VertxContextSafetyToggle.setContextSafe(duplicated, true);
        return duplicated;
    }

    /** One root context per event loop of a Vert.x instance, handed out in turn. */
    private static final class EventLoops {

        private static volatile EventLoops current;

        private final Vertx vertx;
        private final Context[] roots;
        private final AtomicInteger next = new AtomicInteger();

        private EventLoops(Vertx vertx) {
            this.vertx = vertx;
            VertxInternal internal = (VertxInternal) vertx;
            int loops = 0;
            for (Iterator<?> it = internal.getEventLoopGroup().iterator(); it.hasNext(); it.next()) {
                loops++;
            }
            // Each new event-loop context takes the group's next loop, so these cover every loop once.
            this.roots = new Context[Math.max(1, loops)];
            for (int i = 0; i < roots.length; i++) {
                roots[i] = internal.createEventLoopContext();
            }
        }

        static EventLoops of(Vertx vertx) {
            EventLoops loops = current;
            if (loops == null || loops.vertx != vertx) {
                // A new Vert.x instance (dev mode's restart, a test's): a race builds two sets, either serves.
                loops = new EventLoops(vertx);
                current = loops;
            }
            return loops;
        }

        Context next() {
            return roots[Math.floorMod(next.getAndIncrement(), roots.length)];
        }
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

    /**
     * Continues downstream on the context that subscribes, for results that arrive on another thread (a broker's
     * ack, a timer) while a reactive session waits on its own context. The context is the one current when the
     * chain runs, never the one of the thread that assembled it: that thread may be anyone's (dev mode's
     * hot-reload hook hands messages on from a thread of its own). Subscribing off any Vert.x context is a bug
     * of the caller's, reported as such.
     */
    public static <T> Uni<T> backToSubscriber(Uni<T> upstream) {
        return Uni.createFrom().deferred(() -> {
            Context here = Vertx.currentContext();
            if (here == null) {
                return Uni.createFrom().failure(new IllegalStateException("Subscribed on " + Thread.currentThread()
                        .getName() + ", which has no Vert.x context to come back to"));
            }
            return backTo(here, upstream);
        });
    }
}
