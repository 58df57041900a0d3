package io.steadfast.runtime.processing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.steadfast.runtime.config.MessagingChannels;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.observability.MessageTracing;
import io.steadfast.runtime.observability.SteadfastMetrics;
import io.steadfast.runtime.recoverability.AttemptStore;
import io.steadfast.runtime.transport.DeliveryAdapter;
import io.vertx.core.Vertx;

/**
 * Creates the exactly-once pipeline of each consumer channel and stops them all gracefully: on shutdown the
 * channels pause, admitted work that has not started is handed back, and what is running may commit (and be
 * accepted) within {@code steadfast.shutdown.drain-timeout}.
 */
@ApplicationScoped
public class Consumers {

    private static final Logger LOG = Logger.getLogger(Consumers.class);

    private final SteadfastConfig config;
    private final MessagingChannels channelSettings;
    private final DeliveryAdapter adapter;
    private final InfrastructureGate gate;
    private final Settlement settlement;
    private final BatchAttempts batches;
    private final AttemptStore attempts;
    private final SteadfastMetrics metrics;
    private final MessageTracing tracing;
    private final Vertx vertx;
    private final ChannelRegistry channels;

    private final ConcurrentHashMap<String, ExactlyOnceConsumer> consumers = new ConcurrentHashMap<>();

    @Inject
    Consumers(SteadfastConfig config, MessagingChannels channelSettings, DeliveryAdapter adapter,
            InfrastructureGate gate, Settlement settlement, BatchAttempts batches, AttemptStore attempts,
            SteadfastMetrics metrics, MessageTracing tracing, Vertx vertx, ChannelRegistry channels) {
        this.config = config;
        this.channelSettings = channelSettings;
        this.adapter = adapter;
        this.gate = gate;
        this.settlement = settlement;
        this.batches = batches;
        this.attempts = attempts;
        this.metrics = metrics;
        this.tracing = tracing;
        this.vertx = vertx;
        this.channels = channels;
    }

    /** The pipeline for {@code channel}, applying {@code handler} exactly once per message id. */
    public ExactlyOnceConsumer register(String channel, MessageHandler handler) {
        return consumers.computeIfAbsent(channel, name -> {
            SteadfastConfig.Consumer settings = config.consumers().get(name);
            gate.register(name);
            String address = channelSettings.incomingAddress(name);
            ExactlyOnceConsumer consumer = new ExactlyOnceConsumer(name, address, settings, handler, settlement,
                    batches, attempts, tracing, vertx);
            metrics.inFlight(name, consumer::inFlight);
            metrics.paused(name, () -> gate.isOpen() ? 1 : 0);
            return consumer;
        });
    }

    /**
     * Takes one message of {@code channel} into the pipeline {@link #register} made for it: what a handler's
     * {@code @Incoming} method returns.
     */
    public Uni<Void> admit(String channel, Message<?> message) {
        ExactlyOnceConsumer consumer = consumers.get(channel);
        if (consumer == null) {
            throw new IllegalStateException("No consumer is registered for channel " + channel
                    + ": register its handler when it is created (@Startup, @PostConstruct)");
        }
        return consumer.admit(adapter.adapt(message, consumer.sourceAddress()));
    }

    /** A consumer as an operator sees it. */
    public record State(String channel, String consumer, boolean paused, int inFlight, int concurrency) {
    }

    /** Every registered consumer's state, by channel. */
    public List<State> states() {
        return consumers.values().stream().sorted(Comparator.comparing(ExactlyOnceConsumer::channel))
                .map(consumer -> new State(consumer.channel(), consumer.consumerName(), gate.isOpen(),
                        consumer.inFlight(), config.consumers().get(consumer.channel()).concurrency()))
                .toList();
    }

    void drain(@Observes ShutdownEvent event) {
        List<ExactlyOnceConsumer> all = List.copyOf(consumers.values());
        all.forEach(ExactlyOnceConsumer::stop);
        all.forEach(consumer -> {
            PausableChannel pausable = channels.getPausable(consumer.channel());
            if (pausable != null) {
                pausable.pause();
            }
        });
        Duration timeout = config.shutdown().drainTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.stream().anyMatch(consumer -> consumer.inFlight() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        all.stream().filter(consumer -> consumer.inFlight() > 0).forEach(consumer -> LOG.warnf(
                "Channel %s still had %d deliveries in flight after %s; they are left unsettled and the broker"
                        + " redelivers them",
                consumer.channel(), consumer.inFlight(), timeout));
    }
}
