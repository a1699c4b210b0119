package org.kith.hub.admin.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kith.fuzz.Echoes;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.SubmissionValidator;

/**
 * Fuzz target of the FHIR R4 Consent import, called as the administration API calls it for a
 * directive sent as {@code application/fhir+json}: the body parsed as JSON (else a 400 before any
 * FHIR), then {@link FhirConsents#fromFhir} on it. The API answers an {@link IllegalArgumentException}
 * with 422 and its message; anything else escaping would be a 503, "retry later", for a bad request.
 *
 * <p>Properties: only {@code IllegalArgumentException} escapes, with a message that repeats nothing
 * of the Consent (a value or an element name may be personal data); what imports is valid
 * consent-directive data; and it survives an export and an import again unchanged.
 */
class FhirConsentsFuzzTest {

    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();

    @FuzzTest(maxDuration = "10s")
    void aConsentImportsAsValidDataThatRoundTripsOrIsRefusedWithAReasonThatRepeatsNothing(byte[] body)
            throws Exception {
        Optional<String> consent = asTheApiReads(body);
        if (consent.isEmpty()) {
            return;
        }
        ObjectNode data;
        try {
            data = FhirConsents.fromFhir(consent.get());
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            Echoes.find(body, refused.getMessage(), FhirConsentsFuzzTest::refusal)
                    .ifPresent(echoed -> fail("the refusal repeats what the Consent said: " + echoed));
            return;
        }
        assertEquals(List.of(), VALIDATOR.validateData(MessageType.CONSENT_DIRECTIVE, Purpose.CONSENT_MANAGEMENT, data));
        assertEquals(data, FhirConsents.fromFhir(FhirConsents.toFhir("F-1", data, Optional.empty())),
                "exported and imported again");
    }

    /** The JSON text the API hands the import: the body parsed and written again; empty if the API refuses it first. */
    private static Optional<String> asTheApiReads(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            return json == null || json.isMissingNode() ? Optional.empty() : Optional.of(json.toString());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** The import's refusal of a body; empty if it imports or the API refuses it before. */
    private static String refusal(byte[] body) {
        try {
            asTheApiReads(body).ifPresent(FhirConsents::fromFhir);
            return "";
        } catch (IllegalArgumentException refused) {
            return String.valueOf(refused.getMessage());
        }
    }
}
