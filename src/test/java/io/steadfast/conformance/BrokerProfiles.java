package io.steadfast.conformance;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.steadfast.testing.brokers.Brokers;

/**
 * One test profile per broker, with the same consumer settings on each: the scripted channel gets no immediate
 * retries and an attempt budget of 12, so a message that always fails is redelivered 11 times, more than the
 * 10 deliveries after which a stock Artemis moves a message to its own DLQ. The batched profiles run the same suite
 * with up to {@link #BATCH} messages per transaction.
 */
public final class BrokerProfiles {

    static final int BUDGET = 12;
    /** Batch size of the batched profiles; half the channel's default concurrency, so two batches overlap. */
    static final int BATCH = 8;

    private BrokerProfiles() {
    }

    private static Map<String, String> on(Brokers.Kind kind) {
        Map<String, String> config = new HashMap<>();
        config.put(Brokers.PROFILE_KEY, kind.name());
        config.put("io.steadfast.testing.ScriptedHandler/handle/Retry/maxRetries", "0");
        config.put("steadfast.consumers.\"test-scripted\".attempt-budget", String.valueOf(BUDGET));
        config.put("steadfast.consumers.\"test-scripted\".redelivery-delay", "10ms");
        config.put("steadfast.consumers.\"test-scripted\".redelivery-max-delay", "100ms");
        return config;
    }

    private static Map<String, String> batched(Brokers.Kind kind) {
        Map<String, String> config = on(kind);
        config.put("steadfast.consumers.\"test-scripted\".batch.size", String.valueOf(BATCH));
        config.put("steadfast.consumers.\"test-scripted\".batch.max-wait", "20ms");
        return config;
    }

    /** Whether the running profile commits several messages per transaction. */
    static boolean batching() {
        return ConfigProvider.getConfig().getOptionalValue("steadfast.consumers.\"test-scripted\".batch.size",
                Integer.class).orElse(1) > 1;
    }

    public static class EmbeddedArtemis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return on(Brokers.Kind.EMBEDDED_ARTEMIS);
        }
    }

    public static class StandaloneArtemis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return on(Brokers.Kind.STANDALONE_ARTEMIS);
        }
    }

    public static class RabbitMq implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return on(Brokers.Kind.RABBITMQ);
        }
    }

    public static class EmbeddedArtemisBatched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return batched(Brokers.Kind.EMBEDDED_ARTEMIS);
        }
    }

    public static class RabbitMqBatched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return batched(Brokers.Kind.RABBITMQ);
        }
    }
}
