package io.steadfast.runtime.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.steadfast.testing.BrokerClientTest;
import io.steadfast.testing.ScriptedConsumer;
import io.steadfast.testing.ScriptedHandler;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestMessage;

/**
 * The production identity path: OIDC bearer tokens, verified here against a key made for the run (the
 * {@code quarkus.oidc.public-key} option; in production the provider's keys come from its discovery document),
 * with the provider's group names mapped onto Steadfast's roles as docs/security.md shows.
 */
@QuarkusTest
@TestProfile(OidcBearerTokenTest.Oidc.class)
@Timeout(120)
class OidcBearerTokenTest extends BrokerClientTest {

    static final String ISSUER = "https://idp.example.test/realms/operations";
    static final String AUDIENCE = "steadfast";
    /** Written by the profile, read by the test: the two may be loaded by different class loaders. */
    static final Path KEYS = Path.of("target", "test-oidc");

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", publicKey(),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.token.audience", AUDIENCE,
                    "quarkus.http.auth.roles-mapping.\"steadfast-operators\"", Roles.ADMIN,
                    "quarkus.http.auth.roles-mapping.\"steadfast-on-call\"", Roles.VIEWER);
        }
    }

    @Test
    void theProvidersGroupsDecideWhatACallerMayDo() {
        long entry = poisonedEntry();
        String reader = token("reader", Set.of("steadfast-on-call"), Duration.ofMinutes(5), AUDIENCE);
        String operator = token("operator", Set.of("steadfast-operators"), Duration.ofMinutes(5), AUDIENCE);
        String stranger = token("stranger", Set.of("payroll"), Duration.ofMinutes(5), AUDIENCE);

        bearer(reader).get("/dead-letters/{id}", entry).then().statusCode(200).body("status", equalTo("PENDING"));
        assertRefused(bearer(reader).post("/dead-letters/{id}/discard", entry), 403, "forbidden");
        assertRefused(bearer(stranger).get("/dead-letters/{id}", entry), 403, "forbidden");
        assertThat(status(entry)).isEqualTo("PENDING");

        bearer(operator).post("/dead-letters/{id}/discard", entry).then().statusCode(200)
                .body("status", equalTo("DISCARDED"));
        assertThat(status(entry)).isEqualTo("DISCARDED");
    }

    @Test
    void expiredForeignAndForgedTokensAre401() {
        long entry = poisonedEntry();
        String expired = token("operator", Set.of("steadfast-operators"), Duration.ofMinutes(-10), AUDIENCE);
        String foreign = token("operator", Set.of("steadfast-operators"), Duration.ofMinutes(5), "another-service");
        String valid = token("operator", Set.of("steadfast-operators"), Duration.ofMinutes(5), AUDIENCE);
        String[] parts = valid.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("operator", "intruder").getBytes())
                + "." + parts[2];

        for (String token : new String[] { expired, foreign, forged, "not-a-token" }) {
            assertRefused(bearer(token).post("/dead-letters/{id}/discard", entry), 401, "unauthenticated");
        }
        assertThat(status(entry)).isEqualTo("PENDING");
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String token(String subject, Set<String> groups, Duration lifetime, String audience) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).audience(audience).groups(groups)
                .issuedAt(now - 60 + Math.min(0, lifetime.toSeconds()))
                .expiresAt(now + lifetime.toSeconds())
                .sign(privateKey());
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.jsonPath().getMap("")).containsOnlyKeys("code", "message").containsEntry("code", code);
    }

    private long poisonedEntry() {
        String id = "oidc-" + UUID.randomUUID();
        ScriptedHandler.POISONED.add(id);
        broker.send(ScriptedConsumer.ADDRESS, TestMessage.of(id, "{}"));
        return await().atMost(Duration.ofSeconds(60)).until(() -> Sql.number(
                "select coalesce(max(id), 0) from steadfast_dead_letter where message_id = ?", id), n -> n > 0);
    }

    private static String status(long entry) {
        return Sql.strings("select status from steadfast_dead_letter where id = ?", entry).get(0);
    }

    /** A key pair for this build, made once; the public half configures the service. */
    private static synchronized String publicKey() {
        try {
            Path publicFile = KEYS.resolve("public.b64");
            if (!Files.exists(publicFile)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(KEYS);
                Files.writeString(KEYS.resolve("private.b64"),
                        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                Files.writeString(publicFile, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            }
            return Files.readString(publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            byte[] encoded = Base64.getDecoder().decode(Files.readString(KEYS.resolve("private.b64")));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
