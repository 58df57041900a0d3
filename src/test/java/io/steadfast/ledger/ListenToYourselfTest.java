package io.steadfast.ledger;

import static io.steadfast.ledger.TransferSubmissionsTest.body;
import static io.steadfast.ledger.TransferSubmissionsTest.post;
import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.steadfast.runtime.idempotency.Fingerprints;
import io.steadfast.testing.Faults;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;

/** {@code POST /transfers} in listen-to-yourself mode: published, then applied by the service's own consumer. */
@QuarkusTest
@TestProfile(ListenToYourselfTest.Mode.class)
@Timeout(120)
class ListenToYourselfTest {

    public static class Mode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ledger.http-mode", "listen-to-yourself", "ledger.send-timeout", "2s");
        }
    }

    private final String prefix = Ledgers.uniquePrefix();

    @Test
    void aSubmittedTransferIsPublishedAppliedThroughTheInboxAndReplayedOnRetry() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String key = UUID.randomUUID().toString();

        Response first = post(key, body(prefix + "a", prefix + "b", 300));
        Response retry = post(key, body(prefix + "a", prefix + "b", 300));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.asByteArray()).isEqualTo(first.asByteArray());
        String transferId = first.jsonPath().getString("transferId");
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 300);
        assertThat(Sql.number("select count(*) from steadfast_inbox where message_id = ?", "http-" + transferId))
                .isEqualTo(1);
    }

    @Test
    void anUnreachableBrokerIs503AndStoresNothingAndARetryLaterAppliesOnce() {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String key = UUID.randomUUID().toString();
        String body = body(prefix + "a", prefix + "b", 400);

        Response refused;
        Faults.brokerDown();
        try {
            refused = post(key, body);
        } finally {
            Faults.brokerUp();
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("broker-unavailable");
        assertThat(Sql.number("select count(*) from steadfast_idempotency where idempotency_key = ?", key)).isZero();
        // Retrying with the same key is safe even if the refused send reached the broker after all.
        await().atMost(Duration.ofSeconds(60)).until(() -> post(key, body).statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 400);
        assertThat(Sql.number("select count(*) from ledger_transfer where from_account = ?", prefix + "a"))
                .isEqualTo(1);
    }

    @Test
    void aKeyHeldInFlightIs409UntilItsLeaseRunsOutThenARetryTakesItOver() throws Exception {
        openAccount(prefix + "a", "EUR", 1_000);
        openAccount(prefix + "b", "EUR", 0);
        String body = body(prefix + "a", prefix + "b", 50);
        String fingerprint = Fingerprints.of("POST", "/transfers", new ObjectMapper().readTree(body));
        String held = UUID.randomUUID().toString();
        String abandoned = UUID.randomUUID().toString();
        String chosenId = UUID.randomUUID().toString();
        inFlight(held, fingerprint, UUID.randomUUID().toString(), "interval '1 hour'");
        inFlight(abandoned, fingerprint, chosenId, "interval '-1 second'");

        Response busy = post(held, body);
        Response takenOver = post(abandoned, body);

        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.jsonPath().getString("code")).isEqualTo("idempotency-key-in-flight");
        assertThat(takenOver.statusCode()).isEqualTo(202);
        assertThat(takenOver.jsonPath().getString("transferId")).as("the id the abandoned request chose")
                .isEqualTo(chosenId);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 50);
    }

    private static void inFlight(String key, String fingerprint, String resourceId, String lease) {
        Sql.execute("insert into steadfast_idempotency"
                + " (scope, idempotency_key, fingerprint, status, resource_id, expires_at, lease_until)"
                + " values ('', ?, ?, 'IN_FLIGHT', ?, now() + interval '1 day', now() + " + lease + ")",
                key, fingerprint, resourceId);
    }
}
