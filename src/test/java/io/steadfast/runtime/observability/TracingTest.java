package io.steadfast.runtime.observability;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.steadfast.ledger.NotificationHandler;
import io.steadfast.ledger.TransferHandler;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;

/**
 * One trace from {@code POST /transfers} to the notification: the HTTP server span, the relay's send of the command
 * (the outbox row kept the request's context), the transfer consumer's transaction (the context came in the AMQP
 * message's application properties), the relay's send of the transfer event it wrote, and the notifier's
 * transaction; each span the child of the one before. Spans go to an in-memory exporter.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
@Timeout(120)
class TracingTest {

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aTransferIsOneTraceFromTheRequestToItsNotification() {
        String prefix = Ledgers.uniquePrefix();
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);

        String transferId = Ledgers.submit(prefix + "a", prefix + "b", 250);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/notifications/{id}", transferId)
                .then().statusCode(200).body("status", equalTo("DONE")));

        SpanData request = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().equals("POST /transfers"))
                .filter(span -> !span.getTraceId().isEmpty()).reduce((first, second) -> second).orElse(null),
                span -> span != null);
        String trace = request.getTraceId();
        SpanData notified = await().atMost(Duration.ofSeconds(30)).until(() -> inTrace(trace).stream()
                .filter(span -> span.getName().equals("process ledger.transfer-events")).findFirst().orElse(null),
                span -> span != null);
        List<SpanData> trail = inTrace(trace);

        SpanData commandSent = childOf(trail, request, "publish ledger.transfers", SpanKind.PRODUCER);
        SpanData applied = childOf(trail, commandSent, "process ledger.transfers", SpanKind.CONSUMER);
        SpanData eventSent = childOf(trail, applied, "publish ledger.transfer-events", SpanKind.PRODUCER);
        assertThat(notified.getParentSpanId()).isEqualTo(eventSent.getSpanId());
        assertThat(notified.getKind()).isEqualTo(SpanKind.CONSUMER);

        assertThat(applied.getAttributes().get(MessageTracing.CONSUMER_GROUP)).isEqualTo(TransferHandler.CHANNEL);
        assertThat(applied.getAttributes().get(MessageTracing.OUTCOME)).isEqualTo("committed");
        assertThat(applied.getAttributes().get(MessageTracing.MESSAGE_ID))
                .isEqualTo(commandSent.getAttributes().get(MessageTracing.MESSAGE_ID));
        assertThat(notified.getAttributes().get(MessageTracing.CONSUMER_GROUP))
                .isEqualTo(NotificationHandler.CHANNEL);
        assertThat(notified.getAttributes().get(MessageTracing.OUTCOME)).isEqualTo("committed");
        assertThat(notified.getAttributes().get(MessageTracing.MESSAGE_ID))
                .isEqualTo(eventSent.getAttributes().get(MessageTracing.MESSAGE_ID));

        assertThat(Sql.strings("select headers::jsonb ->> 'traceparent' from steadfast_outbox"
                + " where convert_from(body, 'UTF8') like ? order by created_at", "%" + transferId + "%"))
                .as("the command's and the event's outbox rows keep the context they were written in")
                .containsExactly("00-" + trace + "-" + request.getSpanId() + "-01",
                        "00-" + trace + "-" + applied.getSpanId() + "-01");
    }

    private List<SpanData> inTrace(String trace) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(trace)).toList();
    }

    private static SpanData childOf(List<SpanData> trail, SpanData parent, String name, SpanKind kind) {
        List<SpanData> children = trail.stream().filter(span -> span.getName().equals(name))
                .filter(span -> span.getParentSpanId().equals(parent.getSpanId())).toList();
        assertThat(children).as("%s under %s in %s", name, parent.getName(),
                trail.stream().map(span -> span.getName() + "<-" + span.getParentSpanId()).toList()).hasSize(1);
        assertThat(children.get(0).getKind()).isEqualTo(kind);
        return children.get(0);
    }
}
