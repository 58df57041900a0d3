package io.steadfast.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.Operators;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium}) driven by Playwright
 * ({@code src/test/browser}) signs in as an admin, clicks Replay on a dead letter and sees it REPLAYED; the replayed
 * message is then processed. The page is saved to {@code target/console-screenshot.png}. Skipped, saying why, where
 * Chromium or Node.js is missing ({@code .ci/run} installs both).
 */
@QuarkusTest
@Timeout(180)
class ConsoleBrowserTest extends BrokerClientTest {

    static final Path BROWSER = Path.of("src", "test", "browser");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOT = Path.of("target", "console-screenshot.png");

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAdminReplaysADeadLetterInTheBrowserAndSeesItReplayed() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(playwrightInstalled(), "playwright-core is not installed in " + BROWSER + " (npm ci there)");
        String messageId = "browser-" + UUID.randomUUID();
        ScriptedHandler.POISONED.add(messageId);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(messageId, "{\"note\":\"replay me\"}"));
        long entry = await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ?", messageId), n -> n > 0);
        ScriptedHandler.POISONED.remove(messageId);
        Files.deleteIfExists(SCREENSHOT);

        JsonPath result = JsonPath.from(run("node", "replay-in-console.mjs", base.toString(), Operators.ADMIN,
                Operators.ADMIN_PASSWORD, String.valueOf(entry), SCREENSHOT.toAbsolutePath().toString()));

        assertThat(result.getString("title")).isEqualTo("Steadfast · dead letters");
        assertThat(result.getString("before")).isEqualTo("PENDING");
        assertThat(result.getString("after")).isEqualTo("REPLAYED");
        assertThat(result.getString("notice")).isEqualTo("Dead letter " + entry + " replayed.");
        assertThat(Sql.strings("select status from steadfast_dead_letter where id = ?", entry))
                .containsExactly("REPLAYED");
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.number(
                "select count(*) from test_effect where message_id = ?", messageId) == 1);
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("a rendered page, not a blank one").isGreaterThan(20_000);
    }

    private static boolean playwrightInstalled() throws IOException, InterruptedException {
        if (Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            return true;
        }
        try {
            run("npm", "ci", "--no-audit", "--no-fund");
        } catch (IOException | IllegalStateException e) {
            return false;
        }
        return Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(BROWSER.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                    + output);
        }
        return output;
    }
}
