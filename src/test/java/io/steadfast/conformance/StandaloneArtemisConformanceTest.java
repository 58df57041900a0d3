package io.steadfast.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(BrokerProfiles.StandaloneArtemis.class)
class StandaloneArtemisConformanceTest extends BrokerConformance {
}
