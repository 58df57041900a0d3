package io.steadfast.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Generates request and message bodies around a transfer command: mostly almost-right (a field of the wrong type,
 * missing, duplicated, out of range, with odd characters), some plainly wrong (truncated, flipped bytes, noise,
 * nesting deeper than any parser allows). Deterministic for a given {@link Random}.
 */
public final class HostileBodies {

    private static final List<String> FIELDS = List.of("transferId", "from", "to", "amount", "currency");

    private final Random random;
    private final List<String> accounts;

    public HostileBodies(Random random, List<String> accounts) {
        this.random = random;
        this.accounts = accounts;
    }

    /** A transfer body, with a transferId unless {@code withId} is false (HTTP assigns it). */
    public byte[] next(boolean withId) {
        String valid = validTransfer(withId);
        return switch (random.nextInt(10)) {
            case 0 -> utf8(valid);
            case 1 -> utf8(replaceValue(valid, pickField(withId), randomJsonValue(3)));
            case 2 -> utf8(replaceValue(valid, pickField(withId),
                    quoted(randomString(random.nextInt(4) == 0 ? 5_000 : 12))));
            case 3 -> utf8(valid.replaceFirst("\"" + pickField(withId) + "\":[^,}]*,?", "").replace(",}", "}"));
            case 4 -> utf8(valid.replace("}", ",\"" + randomString(6) + "\":" + randomJsonValue(2) + "}"));
            case 5 -> utf8(valid.replace("}", ",\"amount\":" + randomJsonValue(1) + "}"));
            case 6 -> truncated(utf8(valid));
            case 7 -> flipped(utf8(valid));
            case 8 -> noise();
            default -> utf8("[".repeat(2_000 + random.nextInt(3_000)));
        };
    }

    private String validTransfer(boolean withId) {
        String from = accounts.get(random.nextInt(accounts.size()));
        String to = accounts.get(random.nextInt(accounts.size()));
        long amount = 1 + random.nextInt(random.nextBoolean() ? 50 : 5_000);
        String currency = random.nextInt(8) == 0 ? "USD" : "EUR";
        return "{" + (withId ? "\"transferId\":\"" + java.util.UUID.randomUUID() + "\"," : "") + "\"from\":\"" + from
                + "\",\"to\":\"" + to + "\",\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}";
    }

    private String pickField(boolean withId) {
        return FIELDS.get(withId ? random.nextInt(FIELDS.size()) : 1 + random.nextInt(FIELDS.size() - 1));
    }

    private static String replaceValue(String json, String field, String value) {
        return json.replaceFirst("(\"" + field + "\":)(\"[^\"]*\"|[^,}]*)", "$1" + Matcher.quoteReplacement(value));
    }

    private String randomJsonValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> Long.toString(random.nextLong());
            case 3 -> "-" + random.nextInt(1_000);
            case 4 -> random.nextInt(100) + "." + random.nextInt(100);
            case 5 -> "1e" + random.nextInt(500);
            case 6 -> "9".repeat(20 + random.nextInt(200));
            case 7 -> "\"\"";
            case 8 -> quoted(randomString(random.nextInt(30)));
            case 9 -> "[" + randomJsonValue(depth - 1) + "," + randomJsonValue(depth - 1) + "]";
            case 10 -> "{\"" + randomString(4) + "\":" + randomJsonValue(depth - 1) + "}";
            default -> "{}";
        };
    }

    /** Text with escapes JSON allows and storage may not: NUL and other controls, lone surrogates, emoji. */
    private String randomString(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(10)) {
                case 0 -> text.append("\\u0000");
                case 1 -> text.append("\\u").append(String.format("%04x", random.nextInt(0x20)));
                case 2 -> text.append("\\ud800");
                case 3 -> text.append("\uD83D\uDCB8");
                case 4 -> text.append('\u00e9');
                case 5 -> text.append("\\\"");
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    private static String quoted(String escapedText) {
        return "\"" + escapedText + "\"";
    }

    private byte[] truncated(byte[] body) {
        byte[] out = new byte[random.nextInt(body.length)];
        System.arraycopy(body, 0, out, 0, out.length);
        return out;
    }

    private byte[] flipped(byte[] body) {
        byte[] out = body.clone();
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] noise() {
        byte[] out = new byte[random.nextInt(300)];
        random.nextBytes(out);
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
