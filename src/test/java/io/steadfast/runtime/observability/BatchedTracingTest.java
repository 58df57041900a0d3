package io.steadfast.runtime.observability;

import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.steadfast.ledger.NotificationHandler;
import io.steadfast.ledger.TransferHandler;
import io.steadfast.testing.Ledgers;

/**
 * Traces through a batched consumer: each delivery keeps its span in its request's trace; a batch's transaction is
 * a span of its own linked to every delivery it took, and the events it writes are sent under it.
 */
@QuarkusTest
@TestProfile(BatchedTracingTest.TracedAndBatched.class)
@Timeout(120)
class BatchedTracingTest {

    public static class TracedAndBatched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "50ms",
                    "steadfast.consumers.\"" + TransferHandler.CHANNEL + "\".batch.size", "16",
                    "steadfast.consumers.\"" + TransferHandler.CHANNEL + "\".batch.max-wait", "50ms",
                    "steadfast.consumers.\"" + NotificationHandler.CHANNEL + "\".batch.size", "16");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void eachDeliveryIsInItsRequestsTraceAndTheBatchLinksThemAll() {
        String prefix = Ledgers.uniquePrefix();
        openAccount(prefix + "a", "EUR", 10_000);
        openAccount(prefix + "b", "EUR", 0);
        List<String> transfers = IntStream.range(0, 12).mapToObj(i -> CompletableFuture
                .supplyAsync(() -> Ledgers.submit(prefix + "a", prefix + "b", 10)))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(transfers).hasSize(12);
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledgers.balance(prefix + "b") == 120);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> all = spans.getFinishedSpanItems();
            List<SpanData> deliveries = all.stream().filter(span -> span.getName().equals("process ledger.transfers"))
                    .filter(span -> span.getParentSpanContext().isValid()).toList();
            List<SpanData> batches = all.stream().filter(span -> span.getName().equals("process ledger.transfers"))
                    .filter(span -> !span.getParentSpanContext().isValid()).toList();
            List<SpanData> events = all.stream().filter(span -> span.getName().equals("publish ledger.transfer-events"))
                    .toList();
            assertThat(deliveries).hasSizeGreaterThanOrEqualTo(12);
            assertThat(batches).as("the batch path ran").anySatisfy(batch -> assertThat(batch.getLinks())
                    .hasSizeGreaterThanOrEqualTo(2));
            for (SpanData delivery : deliveries) {
                SpanData sent = all.stream().filter(span -> span.getSpanId().equals(delivery.getParentSpanId()))
                        .findFirst().orElseThrow();
                assertThat(sent.getName()).isEqualTo("publish ledger.transfers");
                assertThat(sent.getTraceId()).isEqualTo(delivery.getTraceId());
                // Its event was written either by the delivery alone or by a batch that links to it.
                assertThat(events).anySatisfy(event -> assertThat(event.getParentSpanId().equals(delivery.getSpanId())
                        || batches.stream().anyMatch(batch -> batch.getSpanId().equals(event.getParentSpanId())
                                && linksTo(batch, delivery.getSpanContext()))).isTrue());
            }
        });
    }

    private static boolean linksTo(SpanData batch, SpanContext delivery) {
        return batch.getLinks().stream().map(LinkData::getSpanContext).anyMatch(delivery::equals);
    }
}
