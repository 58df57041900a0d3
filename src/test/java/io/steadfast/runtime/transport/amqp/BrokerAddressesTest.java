package io.steadfast.runtime.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.steadfast.runtime.config.BrokerKind;

class BrokerAddressesTest {

    @Test
    void onRabbitMqAQueueNameBecomesTheAddressOfThatExistingQueue() {
        assertThat(BrokerAddresses.of(BrokerKind.RABBITMQ, "ledger.transfers")).isEqualTo("/amq/queue/ledger.transfers");
    }

    @Test
    void anAddressStartingWithASlashIsUsedAsWritten() {
        assertThat(BrokerAddresses.of(BrokerKind.RABBITMQ, "/exchange/events/ledger")).isEqualTo("/exchange/events/ledger");
        assertThat(BrokerAddresses.of(BrokerKind.RABBITMQ, "/amq/queue/q")).isEqualTo("/amq/queue/q");
    }

    @Test
    void onArtemisAndOtherBrokersTheQueueNameIsTheAddress() {
        assertThat(BrokerAddresses.of(BrokerKind.ARTEMIS, "ledger.transfers")).isEqualTo("ledger.transfers");
        assertThat(BrokerAddresses.of(BrokerKind.GENERIC, "ledger.transfers")).isEqualTo("ledger.transfers");
    }

    @Test
    void aTopicIsAFanoutExchangeOnRabbitMqAndItsSubscriptionsFullyQualifiedQueuesOnArtemis() {
        Map<String, List<String>> topics = Map.of("trips.requests", List.of("trips.car", "trips.hotel"));
        assertThat(BrokerAddresses.of(BrokerKind.RABBITMQ, "trips.requests", topics))
                .isEqualTo("/exchange/trips.requests");
        assertThat(BrokerAddresses.of(BrokerKind.RABBITMQ, "trips.car", topics)).isEqualTo("/amq/queue/trips.car");
        assertThat(BrokerAddresses.of(BrokerKind.ARTEMIS, "trips.requests", topics)).isEqualTo("trips.requests");
        assertThat(BrokerAddresses.of(BrokerKind.ARTEMIS, "trips.hotel", topics))
                .isEqualTo("trips.requests::trips.hotel");
        assertThat(BrokerAddresses.of(BrokerKind.ARTEMIS, "ledger.transfers", topics)).isEqualTo("ledger.transfers");
    }

    @Test
    void theBrokerIsRecognisedByTheProductItAnnounces() {
        assertThat(BrokerPreparation.kindOf("apache-activemq-artemis")).isEqualTo(BrokerKind.ARTEMIS);
        assertThat(BrokerPreparation.kindOf("rabbitmq")).isEqualTo(BrokerKind.RABBITMQ);
        assertThat(BrokerPreparation.kindOf("qpid-dispatch-router")).isEqualTo(BrokerKind.GENERIC);
    }

    @Test
    void aPrefixGoesBeforeEveryNameOnceAndNeverBeforeABrokerAddress() {
        assertThat(BrokerAddresses.prefixed("tenant-a.", "ledger.transfers")).isEqualTo("tenant-a.ledger.transfers");
        // A dead letter records the address it came from, prefixed already: a replay must not prefix it twice.
        assertThat(BrokerAddresses.prefixed("tenant-a.", "tenant-a.ledger.transfers"))
                .isEqualTo("tenant-a.ledger.transfers");
        assertThat(BrokerAddresses.prefixed("tenant-a.", "/amq/queue/ledger.transfers"))
                .isEqualTo("/amq/queue/ledger.transfers");
        assertThat(BrokerAddresses.prefixed("", "ledger.transfers")).isEqualTo("ledger.transfers");
    }

    @Test
    void onRabbitMqTheVirtualHostIsAskedForAsItsPluginReadsIt() {
        assertThat(AmqpClientSettings.openHostname(BrokerKind.RABBITMQ, java.util.Optional.of("tenant-a")))
                .contains("vhost:tenant-a");
        assertThat(AmqpClientSettings.openHostname(BrokerKind.RABBITMQ, java.util.Optional.of("vhost:tenant-a")))
                .contains("vhost:tenant-a");
        assertThat(AmqpClientSettings.openHostname(BrokerKind.ARTEMIS, java.util.Optional.of("tenant-a")))
                .contains("tenant-a");
        assertThat(AmqpClientSettings.openHostname(BrokerKind.RABBITMQ, java.util.Optional.empty())).isEmpty();
    }
}
