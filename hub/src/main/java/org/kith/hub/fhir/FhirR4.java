package org.kith.hub.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.Violation;

/**
 * What the FHIR mapping shares: HAPI's R4 context (one for the JVM), the strict parser, the code
 * systems and extensions Kith names, and the two refusals: 400 for what HAPI cannot read as FHIR R4,
 * 422 for FHIR the mapping does not map, each violation at the FHIRPath of its element.
 */
public final class FhirR4 {

    /** Thread-safe and costly to build, so one for the JVM; parsers are cheap and not thread-safe, so one a call. */
    public static final FhirContext CONTEXT = FhirContext.forR4Cached();
    public static final String MEDIA_TYPE = "application/fhir+json";

    public static final String PARTNER = "urn:kith:partner";
    public static final String PERSON = "urn:kith:person";
    public static final String REFERRAL = "urn:kith:referral";
    public static final String SERVICE_TYPE = "urn:kith:service-type";
    public static final String REASON = "urn:kith:referral-reason";
    public static final String OUTCOME = "urn:kith:referral-outcome";
    public static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
    public static final String SDOHCC = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";

    private FhirR4() {
    }

    /** Parses a resource of the given type strictly (an element FHIR R4 does not define is an error): 400 if HAPI cannot. */
    public static <T extends IBaseResource> T parse(Class<T> type, byte[] body) {
        try {
            return CONTEXT.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(type, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            // HAPI's message quotes what it could not read: never echoed
            throw new ProblemException(Problem.of(400, "not-fhir", "Not FHIR R4",
                    "the body is not a FHIR R4 " + type.getSimpleName() + " that HAPI FHIR reads (an element, a code or a"
                    + " value FHIR R4 does not define, or JSON that is not a FHIR resource)"));
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(400, "not-fhir", "Not FHIR R4",
                    "the body does not read as FHIR JSON"));
        }
    }

    /**
     * The event id of a FHIR request, which has none of its own: {@code fhir-} and the first 128 bits of
     * the SHA-256 of its bytes, in hex. The same request sent again is the same message (answered as the
     * first time, stored once); a Task updated again is another.
     */
    public static String eventId(byte[] body) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(body);
            return "fhir-" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The resource as FHIR JSON. */
    public static String encode(IBaseResource resource) {
        return CONTEXT.newJsonParser().encodeResourceToString(resource);
    }

    /** The refusal of FHIR that reads but does not map: every violation, each at its FHIRPath. */
    public static ProblemException unmapped(List<Violation> violations) {
        return new ProblemException(new Problem("urn:kith:problem:fhir-not-mapped", "FHIR the hub does not map", 422,
                violations.size() + " violation(s); each names the FHIRPath of the element; nothing was accepted",
                violations, null));
    }

    /** The partner id a reference names by its identifier ({@value #PARTNER}). */
    public static Optional<String> partner(Reference reference) {
        Identifier id = reference.getIdentifier();
        return PARTNER.equals(id.getSystem()) && id.hasValue() ? Optional.of(id.getValue()) : Optional.empty();
    }

    /** A reference to a partner by its id. */
    public static Reference partnerReference(String partnerId) {
        return new Reference().setIdentifier(new Identifier().setSystem(PARTNER).setValue(partnerId));
    }
}
