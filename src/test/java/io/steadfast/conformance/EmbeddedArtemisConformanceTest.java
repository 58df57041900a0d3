package io.steadfast.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(BrokerProfiles.EmbeddedArtemis.class)
class EmbeddedArtemisConformanceTest extends BrokerConformance {
}
