package io.steadfast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rules that keep the runtime reusable: it knows no domain, only its adapter knows the broker, no two packages
 * import each other (directly or round a longer loop), and configuration is read only through config mappings.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.steadfast");

    @Test
    void theRuntimeKnowsNoDomain() {
        noClasses().that().resideInAPackage("io.steadfast.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.steadfast.ledger..", "io.steadfast.trips..")
                .check(MAIN);
    }

    @Test
    void onlyTheAmqpAdapterKnowsAmqpOrTheBroker() {
        noClasses().that().resideOutsideOfPackage("io.steadfast.runtime.transport.amqp..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.smallrye.reactive.messaging.amqp..",
                        "io.vertx.amqp..",
                        "io.vertx.mutiny.amqp..",
                        "io.vertx.proton..",
                        "org.apache.qpid..",
                        "org.apache.activemq..")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.steadfast.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void configurationIsReadOnlyThroughConfigMappings() {
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("org.eclipse.microprofile.config.ConfigProvider")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("org.eclipse.microprofile.config.inject.ConfigProperty")
                .because("every setting has one typed, documented home: a @ConfigMapping (SteadfastConfig for"
                        + " Steadfast's own, QuarkusSettings, MessagingChannels and AmqpGlobals for the keys of"
                        + " Quarkus and SmallRye it reads)")
                .check(MAIN);
    }

    @Test
    void theDomainsDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.steadfast.ledger..")
                .should().dependOnClassesThat().resideInAPackage("io.steadfast.trips..").check(MAIN);
        noClasses().that().resideInAPackage("io.steadfast.trips..")
                .should().dependOnClassesThat().resideInAPackage("io.steadfast.ledger..").check(MAIN);
    }
}
