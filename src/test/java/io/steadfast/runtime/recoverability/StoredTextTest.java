package io.steadfast.runtime.recoverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StoredTextTest {

    @Test
    void ordinaryTextIncludingPairedSurrogatesIsKeptAsItIs() {
        String text = "caf\u00e9 \uD83D\uDCB8 ok";
        assertThat(StoredText.isStorable(text)).isTrue();
        assertThat(StoredText.of(text, 100)).isSameAs(text);
    }

    @Test
    void nulAndUnpairedSurrogatesAreReplacedSoTheUtf8BytesAreValid() {
        String hostile = "a\u0000b\uD800c\uDC00d\uD83D";
        assertThat(StoredText.isStorable(hostile)).isFalse();
        String stored = StoredText.of(hostile, 100);
        assertThat(stored).isEqualTo("a\\u0000b\uFFFDc\uFFFDd\uFFFD");
        assertThat(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(stored);
    }

    @Test
    void cuttingNeverSplitsAPair() {
        assertThat(StoredText.of("ab\uD83D\uDCB8", 3)).isEqualTo("ab");
        assertThat(StoredText.of("abcdef", 3)).isEqualTo("abc");
    }
}
