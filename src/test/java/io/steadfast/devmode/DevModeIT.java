package io.steadfast.devmode;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Ledgers.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.restassured.http.ContentType;
import io.steadfast.testing.AmqpTestClient;
import io.steadfast.testing.DevModeProcess;
import io.steadfast.testing.FreePorts;
import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;
import io.steadfast.testing.TestMessage;
import io.steadfast.testing.brokers.ArtemisManagement;

/**
 * The mode every developer runs first: {@code ./mvnw quarkus:dev} on its embedded broker. Dev mode takes a path
 * that {@code @QuarkusTest} and the packaged jar do not: Quarkus Messaging's hot-reload hook hands a message that
 * arrives after an idle spell on from a thread of its own. Messages sent then must be applied once AND accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevModeIT {

    private static final String QUEUE = "ledger.transfers";
    private static final String DATABASE = "steadfast_it_devmode";
    /** Not the README's alice and bob: the walkthrough's own balances are checked exactly. */
    private static final String PAYER = "idle-payer";
    private static final String PAYEE = "idle-payee";
    private static final String WALKTHROUGH_TRANSFER = "5b2f0a52-7c1e-4f6b-9d0e-2f8a61b3c001";

    private static final int AMQP_PORT = FreePorts.next();
    private static DevModeProcess devMode;

    @BeforeAll
    @Timeout(600)
    static void startDevMode() throws Exception {
        // Dev mode creates its database on first start.
        TestDatabase.drop(DATABASE);
        Path source = Path.of(System.getProperty("steadfast.devmode.project", ".")).toAbsolutePath();
        devMode = DevModeProcess.copyOf(source, Path.of("target/devmode-it/project").toAbsolutePath(), Map.of(
                // One setting moves the embedded broker and the service's connections to it.
                "STEADFAST_EMBEDDED_BROKER_PORT", String.valueOf(AMQP_PORT),
                "_DEV_QUARKUS_DATASOURCE_USERNAME", TestDatabase.USER,
                "_DEV_QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(DATABASE),
                "_DEV_QUARKUS_DATASOURCE_REACTIVE_URL", TestDatabase.jdbcUrl(DATABASE).substring("jdbc:".length())));
        devMode.start();
        // The first start compiles the project and may fetch dev mode's own dependencies.
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(devMode::ready);
    }

    @AfterAll
    static void stopDevMode() {
        if (devMode != null) {
            devMode.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(300)
    void messagesArrivingAfterAnIdleSpellAreAppliedOnceAndAccepted() {
        openAccount(PAYER, 100_000);
        openAccount(PAYEE, 0);
        idle(Duration.ofSeconds(12));

        List<String> transfers = new ArrayList<>();
        try (AmqpTestClient client = AmqpTestClient.connect(AMQP_PORT)) {
            transfers.add(send(client, 2_500));
            awaitAppliedAndAccepted(transfers);
            idle(Duration.ofSeconds(4));
            for (int i = 0; i < 5; i++) {
                transfers.add(send(client, 100));
            }
            awaitAppliedAndAccepted(transfers);
        }

        assertThat(balance(PAYER)).isEqualTo(100_000 - 2_500 - 5 * 100);
        assertThat(balance(PAYEE)).isEqualTo(2_500 + 5 * 100);
        assertThat(ServiceProcess.metric(devMode.managementPort(),
                "steadfast_inbox_duplicates_total{channel=\"ledger-transfers\"}")).as("duplicates counted").isZero();
        assertThat(devMode.log()).as("dev mode's log").doesNotContain("Settling message")
                .doesNotContain("cannot be settled");
    }

    /**
     * The README's walkthrough, run as written (its block between the walkthrough markers, as one bash script) but
     * for the ports: this dev mode listens on free ones, so 8080, 9000 and the sender's 5673 are replaced.
     */
    @Test
    @Order(2)
    @Timeout(600)
    void theReadmeWalkthroughRunsAsWrittenAndAppliesBothTransfers() throws Exception {
        String readme = Files.readString(devMode.project().resolve("README.md"));
        String block = readme.substring(readme.indexOf("<!-- walkthrough:start -->"),
                readme.indexOf("<!-- walkthrough:end -->"));
        String script = block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"))
                .replace("localhost:8080", "localhost:" + devMode.httpPort())
                .replace("localhost:9000", "localhost:" + devMode.managementPort())
                .replace("exec:java@send", "exec:java@send -Dsend.port=" + AMQP_PORT);
        assertThat(script).as("the walkthrough's commands").contains("POST localhost:").contains("exec:java@send");

        DevModeProcess.Run run = devMode.runScript(script, Duration.ofMinutes(8));

        assertThat(run.exitCode()).as("the walkthrough's exit code; its output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("\"status\":\"ACCEPTED\"").contains("the broker accepted it");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status(WALKTHROUGH_TRANSFER)).isEqualTo("APPLIED");
            assertThat(balance("bob")).as("both transfers applied, each once").isEqualTo(3_500);
        });
        assertThat(balance("alice")).isEqualTo(100_000 - 3_500);
    }

    @Test
    @Order(0)
    void startsInItsOwnDatabaseWithoutWarningsAUserCannotActOn() {
        String log = devMode.log();
        String start = log.substring(0, log.indexOf(" started in "));
        assertThat(start).contains("Created dev mode's database " + DATABASE);
        assertThat(start.lines().filter(line -> line.matches("^\\d{4}-\\d\\d-\\d\\d .* (WARN|ERROR) .*")))
                .as("warnings and errors before dev mode is ready").isEmpty();
    }

    @Test
    @Order(0)
    void apiDocumentationAnswersInDevMode() {
        given().port(devMode.httpPort()).accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).body("paths.'/transfers'.post.parameters[0].name", org.hamcrest.Matchers
                        .equalTo("Idempotency-Key"));
        given().port(devMode.httpPort()).get("/q/swagger-ui/").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html"));
    }

    /** What a developer does all day: change a class; the next request reloads the application, which serves on. */
    @Test
    @Order(3)
    @Timeout(300)
    void aChangedSourceIsLiveReloadedAndTheServiceServesOn() throws Exception {
        Path source = devMode.project().resolve("src/main/java/io/steadfast/ledger/TransferResource.java");
        Files.writeString(source, Files.readString(source) + "\n// changed by DevModeIT\n");
        // A request is what makes dev mode look for changes: ask first, then read the log.
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(status(WALKTHROUGH_TRANSFER)).isEqualTo("APPLIED");
            assertThat(devMode.log()).contains("Live reload total time");
        });
        String reload = devMode.log().substring(devMode.log().indexOf("Restarting quarkus"));
        assertThat(reload).as("the reload").doesNotContain("Failed to start").doesNotContain("is taken");
        assertThat(balance(PAYEE)).as("state kept across the reload").isEqualTo(2_500 + 5 * 100);
    }

    /**
     * Lets dev mode sit idle (the stimulus of this test: the hot-reload hook takes its other path after two quiet
     * seconds), checking all the while that it stays ready with nothing left on the queue.
     */
    private static void idle(Duration spell) {
        await().during(spell).atMost(spell.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> devMode.ready() && depth() == 0);
    }

    private static String send(AmqpTestClient client, long amount) {
        String id = UUID.randomUUID().toString();
        client.send(QUEUE, TestMessage.of(id, transfer(id, PAYER, PAYEE, amount, "EUR")));
        return id;
    }

    /** Each transfer APPLIED, and the queue empty: every delivery accepted, none left unsettled. */
    private static void awaitAppliedAndAccepted(List<String> transfers) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> transfers.forEach(id -> assertThat(status(id))
                .as("transfer %s", id).isEqualTo("APPLIED")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(depth())
                .as("messages on %s, ready or delivered and unsettled", QUEUE).isZero());
    }

    /** The transfer's status, or the HTTP status when the answer is no JSON (dev mode's error page). */
    private static String status(String transferId) {
        var response = given().port(devMode.httpPort()).get("/transfers/{id}", transferId);
        return String.valueOf(response.contentType()).contains("json") ? response.jsonPath().getString("status")
                : "HTTP " + response.statusCode();
    }

    private static long depth() {
        return ArtemisManagement.messageCount(AMQP_PORT, QUEUE);
    }

    private static void openAccount(String id, long openingBalance) {
        given().port(devMode.httpPort()).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"openingBalance\":" + openingBalance + "}")
                .put("/accounts/{id}", id).then().statusCode(201);
    }

    private static long balance(String id) {
        return given().port(devMode.httpPort()).get("/accounts/{id}", id).then().statusCode(200).extract()
                .jsonPath().getLong("balance");
    }
}
