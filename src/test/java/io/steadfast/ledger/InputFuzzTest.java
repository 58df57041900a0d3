package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.HostileBodies;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.brokers.Brokers;

/**
 * Generated bodies at both entry points, for a bounded count. Each run draws a new seed and prints it; replay one
 * with {@code -Dfuzz.seed=<seed>}.
 */
@QuarkusTest
class InputFuzzTest extends BrokerClientTest {

    private static final String QUEUE = "ledger.transfers";
    private static final int REQUESTS = 400;
    private static final int MESSAGES = 300;
    private static final List<String> PERMANENT_REASONS = List.of("malformed", "invalid", "invalid-data",
            "unsupported-content-type", "too-large");

    private final String prefix = Ledgers.uniquePrefix();
    private final long seed = Long.getLong("fuzz.seed", new Random().nextLong());

    @Test
    @Timeout(180)
    void everyHttpBodyIsAcceptedOrRefusedWithAJsonCodeAndARefusalStoresNothing() {
        Random random = random("http");
        HostileBodies bodies = new HostileBodies(random, accounts());
        int accepted = 0;
        for (int i = 0; i < REQUESTS; i++) {
            byte[] body = bodies.next(false);
            String key = "fuzz-" + UUID.randomUUID();
            Response response = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                    .post("/transfers");
            String context = "seed " + seed + ", request " + i + ": " + abbreviated(body) + " -> "
                    + response.asString();
            long stored = Sql.number("select count(*) from steadfast_idempotency where idempotency_key = ?", key);
            if (response.statusCode() == 202) {
                accepted++;
                assertThat(stored).as(context).isEqualTo(1);
                continue;
            }
            assertThat(response.statusCode()).as(context).isBetween(400, 499);
            assertThat(response.contentType()).as(context).startsWith("application/json");
            assertThat(response.jsonPath().getString("code")).as(context).isNotBlank();
            assertThat(response.asString()).as(context).doesNotContain("\tat ").doesNotContain(".java:");
            assertThat(stored).as(context).isZero();
        }
        System.out.printf("[fuzz] HTTP: %d bodies, %d accepted, the rest refused with a code (seed %d)%n", REQUESTS,
                accepted, seed);
        assertThat(accepted).as("the generator also makes valid bodies").isPositive();
    }

    @Test
    @Timeout(300)
    void everyMessageIsProcessedOrDeadLetteredOnFirstSightAndBalancesAreConserved() {
        Random random = random("amqp");
        List<String> accounts = accounts();
        HostileBodies bodies = new HostileBodies(random, accounts);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String id = prefix + "m-" + i;
            ids.add(id);
            Message message = Message.Factory.create();
            message.setMessageId(id);
            message.setBody(new Data(new Binary(bodies.next(true))));
            message.setContentType(random.nextInt(20) == 0 ? "text/plain" : "application/json");
            broker.sendRaw(QUEUE, message);
        }

        await().atMost(Duration.ofSeconds(180)).until(() -> Sql.number(
                "select count(*) from steadfast_inbox where consumer = 'ledger-transfers' and message_id like ?",
                prefix + "m-%") + Sql.number("select count(*) from steadfast_dead_letter where message_id like ?",
                        prefix + "m-%") >= MESSAGES);

        String seen = "seed " + seed;
        assertThat(Sql.number("select count(*) from steadfast_inbox i join steadfast_dead_letter d"
                + " on d.message_id = i.message_id where i.message_id like ?", prefix + "m-%"))
                .as(seen + ": processed and dead-lettered").isZero();
        List<String> reasons = Sql.strings("select distinct reason from steadfast_dead_letter where message_id like ?",
                prefix + "m-%");
        assertThat(reasons).as(seen + ": dead-lettered as what they are, never retried to exhaustion")
                .isSubsetOf(PERMANENT_REASONS);
        assertThat(Sql.number("select coalesce(max(attempts), 0) from steadfast_dead_letter where message_id like ?",
                prefix + "m-%")).as(seen).isLessThanOrEqualTo(1);
        long deadLettered = Sql.number("select count(*) from steadfast_dead_letter where message_id like ?",
                prefix + "m-%");
        assertThat(Sql.number("select sum(balance) from ledger_account where id like ?", prefix + "%"))
                .as(seen + ": money is conserved").isEqualTo(accounts.size() * 10_000L);
        assertThat(Sql.number("select coalesce(sum(amount), 0) from ledger_entry where account_id like ?",
                prefix + "%")).as(seen + ": debits and credits cancel out").isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> Brokers.depth(QUEUE) == 0);
        System.out.printf("[fuzz] AMQP: %d messages, %d dead-lettered (%s), the rest processed (seed %d)%n", MESSAGES,
                deadLettered, String.join(", ", reasons), seed);
    }

    private Random random(String entryPoint) {
        System.out.printf("[fuzz] %s seed %d (replay with -Dfuzz.seed=%d)%n", entryPoint, seed, seed);
        return new Random(seed);
    }

    private List<String> accounts() {
        List<String> accounts = IntStream.range(0, 5).mapToObj(i -> prefix + "acct" + i).toList();
        accounts.forEach(account -> openAccount(account, "EUR", 10_000));
        return accounts;
    }

    private static String abbreviated(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + body.length + " bytes)";
    }
}
