package org.kith.hub.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.kith.schemas.MessageType;

/**
 * What a FHIR recipient ({@code "format": "fhir-r4"}) is sent of a released copy, on every transport:
 * a referral as the redacted transaction Bundle, a referral status as its Task. Empty for what FHIR
 * does not carry here (another message type, or a field the mapping has no element for): that goes as
 * the Kith CloudEvent, never with fields dropped.
 */
public final class FhirCopies {

    private FhirCopies() {
    }

    /** @param event the released copy as a structured CloudEvent, addressed to {@code recipient} */
    public static Optional<String> of(JsonNode event, String recipient) {
        String type = event.path("type").asText();
        if (type.equals(MessageType.REFERRAL.typeName())) {
            return FhirReferrals.bundle(event, recipient);
        }
        return type.equals(MessageType.REFERRAL_STATUS.typeName()) ? FhirTasks.task(event) : Optional.empty();
    }

    /** Whether a copy's data is FHIR already (the hub wrote it so for a recipient reading its topic). */
    public static boolean isFhir(JsonNode event) {
        return FhirR4.MEDIA_TYPE.equals(event.path("datacontenttype").asText());
    }
}
