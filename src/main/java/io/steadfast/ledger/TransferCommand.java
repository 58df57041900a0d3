package io.steadfast.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.steadfast.runtime.recoverability.StoredText;

/**
 * A transfer as carried by a {@code ledger.transfers} message, validated field by field so that a wrong type
 * is never coerced (a fractional or quoted amount is invalid, not rounded).
 */
public record TransferCommand(UUID transferId, String from, String to, long amount, String currency) {

    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** The longest account id the ledger stores. */
    static final int MAX_ACCOUNT_ID = 100;

    /** Thrown with every problem found, so a dead letter or an HTTP error names them all at once. */
    public static final class Invalid extends RuntimeException {
        public Invalid(List<String> problems) {
            super(String.join("; ", problems));
        }
    }

    public static TransferCommand from(JsonNode json) {
        List<String> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new Invalid(List.of("the body must be a JSON object"));
        }
        UUID transferId = uuid(json, "transferId", problems);
        String from = accountId(json, "from", problems);
        String to = accountId(json, "to", problems);
        long amount = positiveAmount(json, problems);
        String currency = text(json, "currency", problems);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            problems.add("currency must be three capital letters (ISO 4217), was '" + currency + "'");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new TransferCommand(transferId, from, to, amount, currency);
    }

    private static UUID uuid(JsonNode json, String field, List<String> problems) {
        String text = text(json, field, problems);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            problems.add(field + " must be a UUID, was '" + text + "'");
            return null;
        }
    }

    private static String accountId(JsonNode json, String field, List<String> problems) {
        String id = text(json, field, problems);
        if (id != null && id.length() > MAX_ACCOUNT_ID) {
            problems.add(field + " has at most " + MAX_ACCOUNT_ID + " characters, was " + id.length());
            return null;
        }
        if (id != null && (id.chars().anyMatch(Character::isISOControl) || !StoredText.isStorable(id))) {
            problems.add(field + " must be text without control characters or broken surrogate pairs");
            return null;
        }
        return id;
    }

    static String text(JsonNode json, String field, List<String> problems) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            problems.add(field + " is missing");
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(field + " must be a non-empty string");
            return null;
        }
        return node.asText();
    }

    private static long positiveAmount(JsonNode json, List<String> problems) {
        JsonNode node = json.get("amount");
        if (node == null || node.isNull()) {
            problems.add("amount is missing");
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add("amount must be an integer number of minor units");
            return 0;
        }
        if (node.asLong() <= 0) {
            problems.add("amount must be greater than 0, was " + node.asLong());
            return 0;
        }
        return node.asLong();
    }
}
