package io.steadfast.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.brokers.Brokers;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

@QuarkusTest
@Timeout(120)
class PartitionOrderTest {

    @Test
    void messagesWithTheSameKeyRunOneAtATimeInSendOrderWhileOtherKeysRunInParallel() throws Exception {
        String run = "o-" + UUID.randomUUID().toString().substring(0, 8);
        ScriptedHandler.OVERLAPPING_KEYS.clear();
        ScriptedHandler.MAX_RUNNING.set(0);
        List<TestMessage> messages = new ArrayList<>();
        for (int seq = 0; seq < 8; seq++) {
            for (int key = 0; key < 4; key++) {
                String keyName = run + "-k" + key;
                TestMessage message = TestMessage.of(keyName + "-" + seq, "{\"holdMillis\":40}");
                // Two keys travel as AMQP group-id, two as the configured application property.
                messages.add(key < 2 ? message.withGroup(keyName) : message.withProperty("entity", keyName));
            }
        }

        try (AmqpTestClient broker = Brokers.client()) {
            broker.sendAll(ScriptedConsumer.ADDRESS, messages);
        }

        await().atMost(Duration.ofSeconds(60)).until(
                () -> Sql.number("select count(*) from test_effect where message_id like ?", run + "%") == 32);
        assertThat(ScriptedHandler.OVERLAPPING_KEYS).as("keys processed twice at once").isEmpty();
        assertThat(ScriptedHandler.MAX_RUNNING.get()).as("different keys in parallel").isGreaterThan(1);
        for (int key = 0; key < 4; key++) {
            String keyName = run + "-k" + key;
            assertThat(appliedOrder(keyName)).as(keyName).containsExactly(
                    keyName + "-0", keyName + "-1", keyName + "-2", keyName + "-3",
                    keyName + "-4", keyName + "-5", keyName + "-6", keyName + "-7");
        }
    }

    private static List<String> appliedOrder(String key) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = Sql.connection();
                PreparedStatement statement = connection.prepareStatement(
                        "select message_id from test_effect where message_id like ? order by applied_at")) {
            statement.setString(1, key + "-%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }
}
