package io.steadfast.runtime.observability;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;

/** Traces off (the default): the outbox rows of a request and of the transaction it causes carry no trace context. */
@QuarkusTest
@Timeout(60)
class TracingOffTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void withTheSdkDisabledNothingIsAddedToMessages() {
        String prefix = Ledgers.uniquePrefix();
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String transferId = Ledgers.submit(prefix + "a", prefix + "b", 5);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/notifications/{id}", transferId)
                .then().statusCode(200).body("status", equalTo("DONE")));

        assertThat(Sql.strings("select headers::text from steadfast_outbox where convert_from(body, 'UTF8') like ?",
                "%" + transferId + "%")).as("the command and the event").hasSize(2)
                .allSatisfy(headers -> assertThat(headers).doesNotContain("traceparent"));
        assertThat(spans.getFinishedSpanItems()).as("nothing is exported").isEmpty();
    }
}
