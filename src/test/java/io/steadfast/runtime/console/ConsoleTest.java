package io.steadfast.runtime.console;

import static io.restassured.RestAssured.given;
import static io.steadfast.testing.Operators.asAdmin;
import static io.steadfast.testing.Operators.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/** The console over HTTP: what it shows, its forms' effects, who may use it, and cross-site posts refused. */
@QuarkusTest
@Timeout(120)
class ConsoleTest extends BrokerClientTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void thePageShowsGroupsEntriesWithPreviewsAndTheConsumers() {
        String reason = "console-" + UUID.randomUUID().toString().substring(0, 8);
        long entry = deadLetter(reason, "{\"order\":\"<b>42</b>\"}");

        String html = asAdmin().get("/console?consumer={c}&reason={r}", ScriptedConsumer.CHANNEL, reason).then()
                .statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("signed in as test-admin")
                .contains("data-consumer=\"test-scripted\" data-reason=\"" + reason + "\"")
                .contains("<tr data-id=\"" + entry + "\">")
                .as("the body is shown escaped").contains("{&quot;order&quot;:&quot;&lt;b&gt;42&lt;/b&gt;&quot;}")
                .doesNotContain("<b>42</b>")
                .contains("data-channel=\"ledger-transfers\"").contains("data-channel=\"test-scripted\"")
                .contains("running").contains("data-card=\"outbox\"")
                .as("a consumer named as its channel is not named twice")
                .doesNotContain("consumer <code>ledger-transfers</code>");
    }

    @Test
    void replayAndDiscardFromTheFormsChangeTheEntryAndComeBackToThePage() {
        String reason = "console-" + UUID.randomUUID().toString().substring(0, 8);
        long replayed = deadLetter(reason, "{}");
        long discarded = deadLetter(reason, "{}");

        Response replay = form("/console/replay", replayed, reason);
        assertThat(replay.statusCode()).isEqualTo(303);
        assertThat(replay.header("Location")).contains("/console?").contains("notice=Dead+letter+" + replayed);
        assertThat(status(replayed)).isEqualTo("REPLAYED");
        assertThat(form("/console/discard", discarded, reason).statusCode()).isEqualTo(303);
        assertThat(status(discarded)).isEqualTo("DISCARDED");

        asAdmin().get("/console?reason={r}&status=ALL", reason).then().statusCode(200)
                .body(containsString("data-status=\"REPLAYED\"")).body(containsString("data-status=\"DISCARDED\""));
    }

    @Test
    void bulkActionsTakeEveryPendingEntryOfTheFilterAndNothingElse() {
        String reason = "console-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> mine = List.of(deadLetter(reason, "{}"), deadLetter(reason, "{}"), deadLetter(reason, "{}"));
        String other = "console-" + UUID.randomUUID().toString().substring(0, 8);
        long untouched = deadLetter(other, "{}");

        Response discardAll = sameSite().formParam("consumer", ScriptedConsumer.CHANNEL).formParam("reason", reason)
                .redirects().follow(false).post("/console/discard-all");
        assertThat(discardAll.statusCode()).isEqualTo(303);
        assertThat(discardAll.header("Location")).contains("notice=3+discarded.");
        mine.forEach(id -> assertThat(status(id)).isEqualTo("DISCARDED"));
        assertThat(status(untouched)).isEqualTo("PENDING");

        Response replayAll = sameSite().formParam("reason", other).redirects().follow(false)
                .post("/console/replay-all");
        assertThat(replayAll.header("Location")).contains("notice=1+replayed%3B+0+pending+left.");
        assertThat(status(untouched)).isEqualTo("REPLAYED");
    }

    @Test
    void onlyAdminsAndOnlyFromTheConsolesOwnPage() {
        long entry = deadLetter("console-guard", "{}");

        asViewer().get("/console").then().statusCode(403).body("code", equalTo("forbidden"));
        given().get("/console").then().statusCode(401);
        asAdmin().header("Origin", "https://evil.example").formParam("id", entry).redirects().follow(false)
                .post("/console/discard").then().statusCode(403).body("code", equalTo("cross-origin"));
        asAdmin().formParam("id", entry).redirects().follow(false).post("/console/discard").then().statusCode(403)
                .body("code", equalTo("cross-origin"));
        assertThat(status(entry)).isEqualTo("PENDING");
    }

    private RequestSpecification sameSite() {
        return asAdmin().header("Origin", base.getProtocol() + "://" + base.getAuthority());
    }

    private Response form(String path, long id, String reason) {
        return sameSite().formParam("id", id).formParam("reason", reason).formParam("status", "ALL")
                .redirects().follow(false).post(path);
    }

    /**
     * A poisoned message dead-lettered with {@code reason} (the scripted handler's permanent failure); cured at
     * once, so that a replay of it is processed instead of dead-lettered again.
     */
    private long deadLetter(String reason, String body) {
        String id = "console-" + UUID.randomUUID();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, body));
        long entry = await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ?", id), n -> n > 0);
        Sql.execute("update steadfast_dead_letter set reason = ? where id = ?", reason, entry);
        ScriptedHandler.POISONED.remove(id);
        return entry;
    }

    private static String status(long entry) {
        return Sql.strings("select status from steadfast_dead_letter where id = ?", entry).get(0);
    }
}
