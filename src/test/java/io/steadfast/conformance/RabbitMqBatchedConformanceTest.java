package io.steadfast.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The conformance suite with several messages committed per transaction. */
@QuarkusTest
@TestProfile(BrokerProfiles.RabbitMqBatched.class)
class RabbitMqBatchedConformanceTest extends BrokerConformance {
}
