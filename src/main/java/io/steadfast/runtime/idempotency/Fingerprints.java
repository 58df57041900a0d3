package io.steadfast.runtime.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The identity of a request for Idempotency-Key purposes: SHA-256 of the method, the path and the JSON body in
 * canonical form (keys sorted, no insignificant white space), so a retry that re-serialises the same JSON matches.
 */
public final class Fingerprints {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Fingerprints() {
    }

    public static String of(String method, String path, JsonNode body) {
        try {
            Object canonical = body == null ? null : CANONICAL.convertValue(body, Object.class);
            byte[] json = CANONICAL.writeValueAsBytes(canonical);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }
}
