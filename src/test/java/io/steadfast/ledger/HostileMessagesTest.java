package io.steadfast.ledger;

import static io.steadfast.testing.Ledgers.balance;
import static io.steadfast.testing.Ledgers.openAccount;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Ledgers;
import io.steadfast.testing.Sql;
import io.steadfast.testing.brokers.Brokers;

/**
 * Hostile messages on {@code ledger.transfers}: each is dead-lettered with its reason or processed as what it is;
 * none stops the consumer, none is lost.
 */
@QuarkusTest
@Timeout(120)
class HostileMessagesTest extends BrokerClientTest {

    private static final String QUEUE = "ledger.transfers";

    private final String prefix = Ledgers.uniquePrefix();

    @BeforeEach
    void accounts() {
        openAccount(prefix + "a", "EUR", 1_000_000);
        openAccount(prefix + "b", "EUR", 0);
    }

    @Test
    void aBodyOverTheLimitIsDeadLetteredWholeWithoutBeingParsed() {
        String id = "m-" + UUID.randomUUID();
        // Valid JSON for a valid transfer, padded past the 1M default.
        String body = transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 5, "EUR")
                .replace("}", ",\"padding\":\"" + "p".repeat(1_200_000) + "\"}");
        broker.sendRaw(QUEUE, data(id, body.getBytes(StandardCharsets.UTF_8), "application/json"));

        assertThat(awaitDeadLetter(id)).isEqualTo("too-large 0 The body has " + body.length()
                + " bytes; at most 1048576 are accepted");
        assertThat(Sql.number("select octet_length(body) from steadfast_dead_letter where message_id = ?", id))
                .as("kept whole, to be replayed once the limit is raised").isEqualTo(body.length());
        assertStillWorking();
        assertThat(balance(prefix + "b")).isEqualTo(1);
    }

    @Test
    void aContentTypeTheHandlerDoesNotReadIsDeadLettered() {
        String id = "m-" + UUID.randomUUID();
        byte[] body = transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 5, "EUR")
                .getBytes(StandardCharsets.UTF_8);
        broker.sendRaw(QUEUE, data(id, body, "application/xml"));

        assertThat(awaitDeadLetter(id)).isEqualTo("unsupported-content-type 1 The content type is 'application/xml',"
                + " not JSON");
        assertStillWorking();
    }

    @Test
    void anIdTooLongToKeyOnIsDeadLetteredUnderNoId() {
        String id = "m-" + "x".repeat(298);
        broker.sendRaw(QUEUE, data(id, transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 5, "EUR")
                .getBytes(StandardCharsets.UTF_8), "application/json"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number("select count(*) from steadfast_dead_letter"
                + " where reason = 'invalid-message-id' and message_id is null and exception_message like ?",
                "%has 300 characters%" + id.substring(0, 100)) == 1);
        assertStillWorking();
        assertThat(balance(prefix + "b")).as("never applied").isEqualTo(1);
    }

    @Test
    void thousandsOfPropertiesAreDeadLettered() {
        String id = "m-" + UUID.randomUUID();
        Message message = data(id, transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b", 5, "EUR")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            properties.put("p" + i, i);
        }
        message.setApplicationProperties(new ApplicationProperties(properties));
        broker.sendRaw(QUEUE, message);

        assertThat(awaitDeadLetter(id)).isEqualTo("too-many-properties 0 The message has 5000 application properties;"
                + " at most 256 are accepted");
        assertThat(Sql.strings("select properties::json ->> 'p4999' from steadfast_dead_letter where message_id = ?",
                id)).containsExactly("4999");
        assertStillWorking();
    }

    @Test
    void oddPropertyValuesAndIdTypesAreProcessedAsUsual() {
        Map<String, Object> odd = new HashMap<>();
        odd.put("nothing", null);
        odd.put("bytes", new Binary(new byte[] { 0, (byte) 0xff }));
        odd.put("symbol", Symbol.valueOf("sym"));
        odd.put("when", new Date(0));
        odd.put("uuid", UUID.randomUUID());
        String first = UUID.randomUUID().toString();
        Message withOddProperties = data("m-" + first, transfer(first, prefix + "a", prefix + "b", 10, "EUR")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        withOddProperties.setApplicationProperties(new ApplicationProperties(odd));
        broker.sendRaw(QUEUE, withOddProperties);

        UUID uuidId = UUID.randomUUID();
        String second = UUID.randomUUID().toString();
        Message byUuid = value(transfer(second, prefix + "a", prefix + "b", 20, "EUR"));
        byUuid.setMessageId(uuidId);
        broker.sendRaw(QUEUE, byUuid);
        Message sameUuidAgain = value(transfer(second, prefix + "a", prefix + "b", 20, "EUR"));
        sameUuidAgain.setMessageId(uuidId);
        broker.sendRaw(QUEUE, sameUuidAgain);

        String third = UUID.randomUUID().toString();
        Message byNumber = value(transfer(third, prefix + "a", prefix + "b", 40, "EUR"));
        byNumber.setMessageId(UnsignedLong.valueOf(System.nanoTime()));
        broker.sendRaw(QUEUE, byNumber);

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 70);
        // Searched as bytes: other dead letters' bodies need not be UTF-8.
        assertThat(Sql.number("select count(*) from steadfast_dead_letter where position(convert_to(?, 'UTF8') in body)"
                + " > 0", prefix)).isZero();
        assertThat(Sql.number("select count(*) from ledger_entry where account_id = ?", prefix + "b")).isEqualTo(3);
    }

    @Test
    void idsThatOnlyLookAlikeAreDifferentMessages() {
        String id = "m-" + UUID.randomUUID();
        for (String lookalike : new String[] { id, id.toUpperCase(), " " + id, id + "\u200b" }) {
            broker.sendRaw(QUEUE, data(lookalike, transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b",
                    1, "EUR").getBytes(StandardCharsets.UTF_8), "application/json"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 4);
    }

    @Test
    void bodiesInOtherEncodings() {
        String utf16 = "m-" + UUID.randomUUID();
        String transferId = UUID.randomUUID().toString();
        // JSON in UTF-16 with a byte-order mark is still JSON (RFC 8259 asks for UTF-8; parsers detect the rest).
        broker.sendRaw(QUEUE, data(utf16, transfer(transferId, prefix + "a", prefix + "b", 3, "EUR")
                .getBytes(StandardCharsets.UTF_16), "application/json"));
        String latin1 = "m-" + UUID.randomUUID();
        broker.sendRaw(QUEUE, data(latin1, transfer(UUID.randomUUID().toString(), prefix + "a", prefix + "b\u00e9", 3,
                "EUR").getBytes(Charset.forName("ISO-8859-1")), "application/json"));
        String empty = "m-" + UUID.randomUUID();
        broker.sendRaw(QUEUE, data(empty, new byte[0], "application/json"));

        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == 3);
        assertThat(awaitDeadLetter(latin1)).startsWith("malformed 1 The body is not JSON");
        assertThat(awaitDeadLetter(empty)).isEqualTo("malformed 1 The body is empty");
        assertStillWorking();
    }

    /** A good transfer sent after the hostile ones is applied, and the queue drains. */
    private void assertStillWorking() {
        String transferId = UUID.randomUUID().toString();
        long before = balance(prefix + "b");
        broker.sendRaw(QUEUE, value(transfer(transferId, prefix + "a", prefix + "b", 1, "EUR")));
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(prefix + "b") == before + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Brokers.depth(QUEUE) == 0);
    }

    /** The dead letter's reason, attempts and exception message, once it exists. */
    private static String awaitDeadLetter(String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                "select count(*) from steadfast_dead_letter where message_id = ?", messageId) == 1);
        return Sql.strings("select reason || ' ' || attempts || ' ' || exception_message from steadfast_dead_letter"
                + " where message_id = ?", messageId).get(0);
    }

    private static Message data(String id, byte[] body, String contentType) {
        Message message = Message.Factory.create();
        message.setMessageId(id);
        message.setBody(new Data(new Binary(body)));
        message.setContentType(contentType);
        return message;
    }

    private static Message value(String body) {
        Message message = Message.Factory.create();
        message.setMessageId("m-" + UUID.randomUUID());
        message.setBody(new AmqpValue(body));
        return message;
    }
}
