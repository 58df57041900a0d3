package io.steadfast.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The published list of error codes against the codes the sources raise, so that the two cannot drift apart. */
class ErrorCodesTest {

    /** {@code new ApiException(404, "code"} and the mappers' {@code error(status, "code"}. */
    private static final Pattern RAISED = Pattern.compile(
            "(?:ApiException|error|refuse)\\(\\s*(?:[a-z]+,\\s*)?(?:\\d{3}|[a-zA-Z.()]+),\\s*\"([a-z]+(?:-[a-z]+)*)\"");
    private static final Pattern SWITCHED = Pattern.compile("case \\d{3} -> \"([a-z]+(?:-[a-z]+)*)\"");

    @Test
    void everyCodeTheServiceRaisesIsDocumented() throws IOException {
        Set<String> raised = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                for (Pattern pattern : new Pattern[] { RAISED, SWITCHED }) {
                    Matcher matcher = pattern.matcher(text);
                    while (matcher.find()) {
                        raised.add(matcher.group(1));
                    }
                }
            }
        }
        assertThat(raised).as("codes raised in src/main/java").contains("transfer-not-found", "body-too-large",
                "not-found", "unauthenticated");
        assertThat(ErrorCodes.ALL.keySet()).containsAll(raised);
    }
}
