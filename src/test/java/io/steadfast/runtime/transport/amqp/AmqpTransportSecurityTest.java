package io.steadfast.runtime.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.steadfast.testing.FreePorts;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Steadfast's broker connections over TLS with SASL, against an Artemis that requires both: the broker's
 * certificate is trusted through a Quarkus TLS configuration ({@code amqp-tls-configuration-name}) and must match
 * the host name; credentials go through the listed SASL mechanism. Certificates are made for the run with keytool.
 */
@QuarkusTest
@TestProfile(AmqpTransportSecurityTest.Tls.class)
@Timeout(120)
class AmqpTransportSecurityTest {

    static final Path DIR = Path.of("target", "test-tls");
    static final String STORE_PASSWORD = "broker-store";
    static final String USER = "steadfast";
    static final String PASSWORD = "broker-password";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Certificates.make();
            return Map.of("quarkus.tls.test-broker.trust-store.pem.certs", DIR.resolve("trusted.pem").toString());
        }
    }

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    io.vertx.mutiny.core.Vertx mutinyVertx;

    private EmbeddedActiveMQ broker;

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aTrustedBrokerWithTheRightCredentialsCarriesAMessage() throws Exception {
        int port = startBroker("localhost.p12");
        AmqpClientOptions options = AmqpClientSettings.secure(client(port, PASSWORD), Optional.of("test-broker"),
                Optional.of("PLAIN"), registry);
        assertThat(options.isSsl()).isTrue();
        assertThat(options.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");

        AmqpClient client = AmqpClient.create(vertx(), options);
        try {
            AmqpConnection connection = await(client.connect());
            var received = new CompletableFuture<String>();
            await(connection.createReceiver("secured", new AmqpReceiverOptions().setCapabilities(
                    List.of("queue")))).handler(message -> received.complete(message.bodyAsString()));
            await(connection.createSender("secured")).send(AmqpMessage.create().withBody("over tls").build());
            assertThat(received.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("over tls");
        } finally {
            await(client.close());
        }
    }

    @Test
    void withoutTheTrustStoreTheBrokersCertificateIsRefused() throws Exception {
        int port = startBroker("localhost.p12");
        AmqpClientOptions options = AmqpClientSettings.secure(client(port, PASSWORD).setSsl(true),
                Optional.empty(), Optional.of("PLAIN"), registry);
        assertThat(options.getHostnameVerificationAlgorithm()).as("TLS on means host names are checked")
                .isEqualTo("HTTPS");
        assertConnectFails(options, "certification path");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        int port = startBroker("elsewhere.p12");
        assertConnectFails(AmqpClientSettings.secure(client(port, PASSWORD), Optional.of("test-broker"),
                Optional.of("PLAIN"), registry), "No subject alternative DNS name matching localhost");
    }

    @Test
    void wrongCredentialsAreRefusedBySasl() throws Exception {
        int port = startBroker("localhost.p12");
        assertConnectFails(AmqpClientSettings.secure(client(port, "not-the-password"), Optional.of("test-broker"),
                Optional.of("PLAIN"), registry), "Failed to authenticate");
    }

    @Test
    void anUnknownTlsConfigurationNameStopsStartUpInsteadOfConnectingInTheClear() {
        assertThatThrownBy(() -> AmqpClientSettings.secure(client(5671, PASSWORD), Optional.of("missing"),
                Optional.empty(), registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("amqp-tls-configuration-name=missing")
                .hasMessageContaining("quarkus.tls.missing.trust-store");
    }

    private static AmqpClientOptions client(int port, String password) {
        return new AmqpClientOptions().setHost("localhost").setPort(port).setUsername(USER).setPassword(password)
                .setConnectTimeout((int) TIMEOUT.toMillis());
    }

    private void assertConnectFails(AmqpClientOptions options, String cause) {
        AmqpClient client = AmqpClient.create(vertx(), options);
        try {
            assertThatThrownBy(() -> await(client.connect())).hasStackTraceContaining(cause);
        } finally {
            client.close();
        }
    }

    private Vertx vertx() {
        return mutinyVertx.getDelegate();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Artemis with one AMQP acceptor that requires TLS (the given key store) and SASL credentials. */
    private int startBroker(String keyStore) throws Exception {
        int port = FreePorts.next();
        Path data = DIR.resolve("broker-" + port);
        Configuration configuration = new ConfigurationImpl().setName("tls-" + port).setPersistenceEnabled(false)
                .setSecurityEnabled(true).setJournalType(JournalType.NIO).setMaxDiskUsage(-1)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString());
        configuration.addAcceptorConfiguration("amqps", "tcp://127.0.0.1:" + port + "?protocols=AMQP;sslEnabled=true"
                + ";keyStorePath=" + DIR.resolve(keyStore).toAbsolutePath() + ";keyStorePassword=" + STORE_PASSWORD
                + ";keyStoreType=PKCS12");
        configuration.putSecurityRoles("#", Set.of(new Role("app", true, true, true, true, true, true, false, true,
                true, true, false, false)));
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(USER, PASSWORD);
        users.addRole(USER, "app");
        broker = new EmbeddedActiveMQ().setConfiguration(configuration)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
        return port;
    }

    /** Two self-signed certificates, for localhost and for another host; both trusted by the client. */
    static final class Certificates {

        static synchronized void make() {
            if (Files.exists(DIR.resolve("trusted.pem"))) {
                return;
            }
            try {
                Files.createDirectories(DIR);
                keyPair("localhost.p12", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
                keyPair("elsewhere.p12", "CN=broker.elsewhere.example", "SAN=dns:broker.elsewhere.example");
                String trusted = exportCertificate("localhost.p12") + exportCertificate("elsewhere.p12");
                Files.writeString(DIR.resolve("trusted.pem"), trusted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void keyPair(String store, String name, String alternativeNames) {
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", name, "-ext", alternativeNames, "-storetype", "PKCS12",
                    "-keystore", DIR.resolve(store).toString(), "-storepass", STORE_PASSWORD);
        }

        private static String exportCertificate(String store) {
            return keytool("-exportcert", "-rfc", "-alias", "broker", "-storetype", "PKCS12",
                    "-keystore", DIR.resolve(store).toString(), "-storepass", STORE_PASSWORD);
        }

        private static String keytool(String... arguments) {
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                return output;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
