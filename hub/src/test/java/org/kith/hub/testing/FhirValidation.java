package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates FHIR R4 resources with HAPI's instance validator against the R4 base profiles, offline
 * (the definitions come from {@code hapi-fhir-validation-resources-r4}; codes of systems not shipped
 * there, such as LOINC, are not checked). Extensions must be defined: an extension whose
 * StructureDefinition the validator does not know is an error, so a test {@linkplain #register
 * registers} the definitions the hub serves before it validates resources that use them. Building
 * the validator takes seconds, so there is one for the JVM.
 */
public final class FhirValidation {

    private static final Set<ResultSeverityEnum> ERRORS = EnumSet.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final PrePopulatedValidationSupport REGISTERED = new PrePopulatedValidationSupport(FHIR);
    private static final ValidationSupportChain SUPPORT = new ValidationSupportChain(
            REGISTERED,
            new DefaultProfileValidationSupport(FHIR),
            new CommonCodeSystemsTerminologyService(FHIR),
            new InMemoryTerminologyServerValidationSupport(FHIR),
            new SnapshotGeneratingValidationSupport(FHIR));
    private static final FhirInstanceValidator MODULE = module();
    private static final FhirValidator VALIDATOR = FHIR.newValidator().registerValidatorModule(MODULE);

    private FhirValidation() {
    }

    private static FhirInstanceValidator module() {
        var module = new FhirInstanceValidator(SUPPORT);
        module.setAnyExtensionsAllowed(false);
        return module;
    }

    /** The errors (severity error or fatal) of a resource, each as {@code "location: message"}, the location a FHIRPath. */
    public static synchronized List<String> errors(IBaseResource resource) {
        return describe(VALIDATOR.validateWithResult(resource).getMessages());
    }

    /** The errors of a resource given as FHIR JSON, as {@link #errors(IBaseResource)}. */
    public static synchronized List<String> errors(String json) {
        return describe(VALIDATOR.validateWithResult(json).getMessages());
    }

    /** Fails, listing every error, unless the resource is valid. */
    public static void assertValid(IBaseResource resource) {
        assertEquals(List.of(), errors(resource), "HAPI's validator found errors");
    }

    /** Fails, listing every error, unless the FHIR JSON is a valid resource. */
    public static void assertValid(String json) {
        assertEquals(List.of(), errors(json), "HAPI's validator found errors");
    }

    /**
     * Makes a conformance resource (a StructureDefinition, ValueSet or CodeSystem, e.g. one the hub
     * serves for its extensions) known to the validator for the rest of the JVM; registering the same
     * canonical URL again replaces it.
     */
    public static synchronized void register(IBaseResource definition) {
        REGISTERED.addResource(definition);
        SUPPORT.invalidateCaches();
        MODULE.invalidateCaches();
    }

    private static List<String> describe(List<SingleValidationMessage> messages) {
        return messages.stream()
                .filter(message -> ERRORS.contains(message.getSeverity()))
                .map(message -> message.getLocationString() + ": " + message.getMessage())
                .toList();
    }
}
