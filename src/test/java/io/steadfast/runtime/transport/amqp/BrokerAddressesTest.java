package io.steadfast.runtime.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theBrokerIsRecognisedByTheProductItAnnounces() {
        assertThat(BrokerPreparation.kindOf("apache-activemq-artemis")).isEqualTo(BrokerKind.ARTEMIS);
        assertThat(BrokerPreparation.kindOf("rabbitmq")).isEqualTo(BrokerKind.RABBITMQ);
        assertThat(BrokerPreparation.kindOf("qpid-dispatch-router")).isEqualTo(BrokerKind.GENERIC);
    }
}
