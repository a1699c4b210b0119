package org.kith.hub;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The dependency directions of DESIGN.md, checked on the compiled classes of every module (the
 * hub's test class path holds them all): {@code hub -> connectors -> schemas},
 * {@code hub -> consent -> schemas}, the consent module free of Camel and Kafka, Bouncy Castle
 * only in the hub's crypto package, the JWT library only in the admin package, and the ledger and
 * crypto libraries free of the broker, and the enforcement core writing in one place.
 */
@AnalyzeClasses(packages = "org.kith", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /**
     * Leaves out the modules' test jars (the fuzz targets' shared support comes in one): the rules are
     * about the code that ships, and ArchUnit's own option only knows test class directories.
     */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String SCHEMAS = "org.kith.schemas..";
    private static final String CONSENT = "org.kith.consent..";
    private static final String CONNECTORS = "org.kith.connectors..";
    private static final String HUB = "org.kith.hub..";
    private static final String CAMEL = "org.apache.camel..";
    private static final String KAFKA = "org.apache.kafka..";

    @ArchTest
    static final ArchRule consentIsFreeOfCamelAndKafka = noClasses()
            .that().resideInAPackage(CONSENT)
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, KAFKA)
            .because("the consent module decides what may be disclosed; it must be testable, benchmarkable "
                    + "and reasoned about alone, without a broker or a route in the way");

    @ArchTest
    static final ArchRule schemasAreFreeOfCamelAndKafka = noClasses()
            .that().resideInAPackage(SCHEMAS)
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, KAFKA)
            .because("the message contracts are shared with partners and with the consent module; "
                    + "they describe data, not how it is transported");

    @ArchTest
    static final ArchRule schemasDependOnNoOtherModule = noClasses()
            .that().resideInAPackage(SCHEMAS)
            .should().dependOnClassesThat().resideInAnyPackage(CONSENT, CONNECTORS, HUB)
            .because("schemas is the bottom of the module graph (hub -> connectors -> schemas, "
                    + "hub -> consent -> schemas); an upward dependency would make a cycle");

    @ArchTest
    static final ArchRule consentDependsOnlyOnSchemas = noClasses()
            .that().resideInAPackage(CONSENT)
            .should().dependOnClassesThat().resideInAnyPackage(CONNECTORS, HUB)
            .because("the consent module depends only on schemas, so the decision engine can be "
                    + "tested and reasoned about without the edges or the runtime");

    @ArchTest
    static final ArchRule connectorsDependOnNeitherHubNorConsent = noClasses()
            .that().resideInAPackage(CONNECTORS)
            .should().dependOnClassesThat().resideInAnyPackage(HUB, CONSENT)
            .because("connectors are edge route templates over schemas; consent is enforced in the hub's "
                    + "pipeline, never at an edge, and the hub wires the connectors, not the reverse");

    @ArchTest
    static final ArchRule onlyHubCryptoUsesBouncyCastle = noClasses()
            .that().resideOutsideOfPackage("org.kith.hub.crypto..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
            .because("the ledger's cryptography stays in one package that can be reviewed on its own; "
                    + "the provider must not leak into the contracts, the consent engine or the edges")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyTheAdminPackageReadsJwts = noClasses()
            .that().resideOutsideOfPackage("org.kith.hub.admin..")
            .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
            .because("who signs in to the administration API is decided in one package (the Authenticator "
                    + "types); a second place reading tokens would be a second door to review");

    @ArchTest
    static final ArchRule ledgerAndCryptoAreFreeOfCamelAndKafka = noClasses()
            .that().resideInAnyPackage("org.kith.hub.ledger..", "org.kith.hub.crypto..")
            .should().dependOnClassesThat().resideInAnyPackage(CAMEL, KAFKA)
            .because("the ledger and its cryptography are checked by auditors and partners from an export file "
                    + "or a JWKS, without a broker; the pipeline calls them, never the reverse");

    @ArchTest
    static final ArchRule theEnforcementCoreForwardsInOnePlace = noClasses()
            .that().resideInAPackage("org.kith.hub.enforce..")
            .and().doNotHaveSimpleName("EffectWriter").and().doNotHaveSimpleName("LedgerWriter")
            .should().callMethodWhere(target(name("forward")).and(target(owner(assignableTo(ProcessorContext.class)))))
            .because("the core reads as its flow: a handler returns its effects and the EffectWriter (with the "
                    + "ledger chain it appends to) writes them in the transaction; a handler that forwarded itself "
                    + "could not be tested without Kafka and would write half of what it decided when it fails");
}
