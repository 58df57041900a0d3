package io.steadfast.ledger;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.restassured.http.ContentType;
import io.steadfast.runtime.transport.amqp.EmbeddedArtemis;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.FreePorts;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;

/**
 * The packaged service as a separate process, killed with SIGKILL and stopped with SIGTERM in the middle of a
 * stream, while a persistent Artemis keeps the queue: nothing lost, nothing applied twice.
 */
class KillAndRestartIT {

    private static final String DATABASE = "steadfast_it";
    private static final String QUEUE = "ledger.transfers";
    private static final long OPENING = 1_000_000;

    private static EmbeddedArtemis artemis;
    private static int brokerPort;
    private static int httpPort;
    private final Random random = new Random(7);
    private Process service;
    private int starts;

    @BeforeAll
    static void startBroker() throws Exception {
        TestDatabase.recreate(DATABASE);
        brokerPort = FreePorts.next();
        Path data = Files.createTempDirectory(Path.of("target"), "it-artemis");
        artemis = EmbeddedArtemis.start(brokerPort, data, true, Duration.ofMillis(100), List.of(QUEUE));
        httpPort = FreePorts.next();
    }

    @AfterAll
    static void stopBroker() {
        if (artemis != null) {
            artemis.close();
        }
    }

    @Test
    @Timeout(600)
    void aServiceKilledOrStoppedMidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
        startService();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add("it-" + i);
            given().port(httpPort).contentType(ContentType.JSON)
                    .body("{\"currency\":\"EUR\",\"openingBalance\":" + OPENING + "}")
                    .put("/accounts/{id}", "it-" + i).then().statusCode(201);
        }

        try (AmqpTestClient broker = AmqpTestClient.connect(brokerPort)) {
            broker.sendAll(QUEUE, transfers(accounts, 3_000));
            await().atMost(Duration.ofSeconds(120)).until(() -> decided() >= 300);
            long beforeKill = decided();
            service.destroyForcibly().waitFor();
            assertThat(decided()).as("killed mid-stream").isLessThan(3_000).isGreaterThanOrEqualTo(beforeKill);

            // Sent while the service is down: kept by the durable queue.
            broker.sendAll(QUEUE, transfers(accounts, 1_000));
            startService();
            await().atMost(Duration.ofSeconds(120)).until(() -> decided() >= 3_300);

            service.destroy();
            assertThat(service.waitFor()).as("graceful stop exit code").isIn(0, 130, 143);
            broker.sendAll(QUEUE, transfers(accounts, 500));
            startService();
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> decided() == 4_500);
        await().atMost(Duration.ofSeconds(60)).until(() -> artemis.messageCount(QUEUE)
                + artemis.deliveringCount(QUEUE) == 0);
        assertThat(number("select sum(balance) from ledger_account")).isEqualTo(OPENING * accounts.size());
        long applied = number("select count(*) from ledger_transfer where status = 'APPLIED'");
        assertThat(number("select count(*) from ledger_entry")).isEqualTo(2 * applied);
        assertThat(number("select count(*) from steadfast_inbox where consumer = 'ledger-transfers'")).isEqualTo(4_500);
        assertThat(number("select count(*) from steadfast_dead_letter")).isZero();
        assertThat(number("select count(*) from ledger_account a where balance <> opening_balance"
                + " + coalesce((select sum(amount) from ledger_entry e where e.account_id = a.id), 0)")).isZero();
        service.destroy();
        service.waitFor();
    }

    private List<TestMessage> transfers(List<String> accounts, int count) {
        List<TestMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            String id = UUID.randomUUID().toString();
            messages.add(TestMessage.of("m-" + id, transfer(id, accounts.get(from), accounts.get(to),
                    1 + random.nextInt(1_000), "EUR")));
        }
        return messages;
    }

    private void startService() throws Exception {
        String jar = System.getProperty("steadfast.app.jar", "target/quarkus-app/quarkus-run.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        File log = new File("target/it-service-" + (++starts) + ".log");
        service = new ProcessBuilder(java,
                "-Dquarkus.http.port=" + httpPort,
                "-Damqp-host=127.0.0.1",
                "-Damqp-port=" + brokerPort,
                "-Dquarkus.datasource.username=" + TestDatabase.USER,
                "-Dquarkus.datasource.jdbc.url=" + TestDatabase.jdbcUrl(DATABASE),
                "-Dquarkus.datasource.reactive.url=postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT + "/"
                        + DATABASE,
                "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(
                () -> given().port(httpPort).get("/q/health/ready").statusCode() == 200);
    }

    private static long decided() throws Exception {
        return number("select count(*) from ledger_transfer");
    }

    private static long number(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
