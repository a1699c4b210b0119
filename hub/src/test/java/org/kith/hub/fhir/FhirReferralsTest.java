package org.kith.hub.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kith.connectors.ProblemException;
import org.kith.hub.referral.ReferralView;
import org.kith.hub.testing.FhirValidation;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import org.kith.schemas.Violation;

/**
 * The FHIR mapping on resources shaped as the HL7 Gravity SDOH Clinical Care referral examples
 * (a ServiceRequest with an SDOH category, its Patient, a fulfil Task owned by the performer; Task
 * updates rejected with a statusReason text and completed with an output), parsed by HAPI; what the
 * hub emits is checked by HAPI's instance validator against the R4 base profiles.
 */
class FhirReferralsTest {

    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T12:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void knowTheExtensions() {
        FhirExtensions.definitions().forEach(FhirValidation::register);
    }

    static byte[] resource(String name) {
        try (InputStream in = FhirReferralsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode submission(byte[] bundle) {
        byte[] event = FhirReferrals.submission(bundle, FhirR4.eventId(bundle));
        var result = VALIDATOR.validate(event);
        assertInstanceOf(ValidationResult.Valid.class, result, result.toString());
        try {
            return Json.mapper().readTree(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGravityShapedBundleIsAValidKithReferral() {
        JsonNode event = submission(resource("gravity-referral-bundle.json"));

        assertEquals("mercy-clinic", event.get("source").asText());
        assertEquals("harbor-housing", event.get("recipients").asText());
        assertEquals("F-2001", event.get("familyid").asText());
        assertEquals("2026-12-07T15:00:00Z", event.get("time").asText());
        JsonNode data = event.get("data");
        assertEquals("SR-2001", data.get("referralId").asText());
        assertEquals("housing", data.get("serviceType").asText());
        assertEquals("urgent", data.get("urgency").asText());
        assertEquals("2026-12-31T17:00:00Z", data.at("/occurrence/end").asText());
        assertEquals("Dr. Lena Park", data.at("/requester/name").asText());
        assertEquals("F-2001-P1", data.at("/persons/0/personId").asText());
        assertEquals("parent", data.at("/persons/0/role").asText());
        assertEquals("es", data.at("/persons/0/demographics/primaryLanguage").asText());
        assertEquals("Adams County", data.at("/familyContact/address/area").asText());
    }

    @Test
    void anElementTheMappingDoesNotKnowIsRefusedAtItsFhirPathNeverDropped() throws IOException {
        ObjectNode bundle = (ObjectNode) Json.mapper().readTree(resource("gravity-referral-bundle.json"));
        ((ObjectNode) bundle.at("/entry/1/resource")).putArray("note").addObject().put("text", "call after 5pm");
        ((ArrayNode) bundle.at("/entry/0/resource/name")).addObject().put("family", "Ruiz");

        var refusal = assertThrows(ProblemException.class,
                () -> FhirReferrals.submission(Json.mapper().writeValueAsBytes(bundle), "fhir-1"));

        assertEquals(422, refusal.problem().status());
        assertEquals(List.of("Bundle.entry[0].resource.name[1]", "Bundle.entry[1].resource.note"),
                refusal.problem().violations().stream().map(Violation::pointer).sorted().toList());
        assertFalse(refusal.problem().toString().contains("5pm"), "no submitted value is echoed");
    }

    @Test
    void whatHapiCannotReadIsA400ThatEchoesNothing() throws IOException {
        ObjectNode bundle = (ObjectNode) Json.mapper().readTree(resource("gravity-referral-bundle.json"));
        ((ObjectNode) bundle.at("/entry/1/resource")).put("secretField", "Maria");

        var refusal = assertThrows(ProblemException.class,
                () -> FhirReferrals.submission(Json.mapper().writeValueAsBytes(bundle), "fhir-1"));

        assertEquals(400, refusal.problem().status());
        assertFalse(refusal.problem().toString().contains("secretField"));
        assertEquals(400, assertThrows(ProblemException.class,
                () -> FhirReferrals.submission("{\"resourceType\": \"Bundle\", \"type\": 7".getBytes(), "x"))
                .problem().status());
    }

    @Test
    void aRejectedGravityTaskIsADeclinedStatusToTheReferrer() throws IOException {
        byte[] body = resource("gravity-task-rejected.json");
        JsonNode event = Json.mapper().readTree(FhirTasks.submission(body, "F-2001.SR-2001", FhirR4.eventId(body), CLOCK));

        assertInstanceOf(ValidationResult.Valid.class, VALIDATOR.validate(event));
        assertEquals("harbor-housing", event.get("source").asText());
        assertEquals("mercy-clinic", event.get("recipients").asText());
        assertEquals("F-2001", event.get("familyid").asText());
        assertEquals("declined", event.at("/data/status").asText());
        assertEquals("other", event.at("/data/reasonCode").asText());
        assertEquals("2026-12-08", event.at("/data/statusDate").asText());
    }

    @Test
    void aCompletedGravityTaskCarriesItsOutcome() throws IOException {
        byte[] body = resource("gravity-task-completed.json");
        JsonNode event = Json.mapper().readTree(FhirTasks.submission(body, "F-2001.SR-2001", FhirR4.eventId(body), CLOCK));

        assertInstanceOf(ValidationResult.Valid.class, VALIDATOR.validate(event));
        assertEquals("completed", event.at("/data/status").asText());
        assertEquals("goals-met", event.at("/data/outcome").asText());
    }

    @Test
    void aTaskUpdateMustNameTheTaskOfItsPath() {
        byte[] body = resource("gravity-task-completed.json");
        var refusal = assertThrows(ProblemException.class,
                () -> FhirTasks.submission(body, "F-2001.SR-9999", FhirR4.eventId(body), CLOCK));
        assertEquals(List.of("Task.id"), refusal.problem().violations().stream().map(Violation::pointer).toList());
    }

    @Test
    void theRedactedBundleTheHubEmitsIsValidR4AndMapsBackToTheSameReferral() throws IOException {
        ObjectNode released = (ObjectNode) submission(resource("gravity-referral-bundle.json"));
        ((ObjectNode) released.get("data")).remove("familyContact"); // as consent withholds the contact category
        String bundle = FhirReferrals.bundle(released, "harbor-housing").orElseThrow();

        FhirValidation.assertValid(bundle);
        assertFalse(bundle.contains("Orchard Row"), "the withheld elements are not in the Bundle");
        assertTrue(bundle.contains("\"Task/F-2001.SR-2001\""), bundle);
        JsonNode again = Json.mapper().readTree(FhirReferrals.submission(bundle.getBytes(), "fhir-2"));
        assertEquals(released.get("data"), again.get("data"));
    }

    @Test
    void aReleasedFieldFhirDoesNotCarryGoesAsKithJsonNotDropped() {
        ObjectNode released = (ObjectNode) submission(resource("gravity-referral-bundle.json"));
        ((ObjectNode) released.get("data")).put("safetyConcerns", "protective order");

        assertTrue(FhirReferrals.bundle(released, "harbor-housing").isEmpty());
    }

    @Test
    void theTasksTheHubEmitsAreValidR4() throws IOException {
        byte[] body = resource("gravity-task-completed.json");
        JsonNode status = Json.mapper().readTree(FhirTasks.submission(body, "F-2001.SR-2001", FhirR4.eventId(body), CLOCK));
        FhirValidation.assertValid(FhirTasks.task(status).orElseThrow());

        var view = new ReferralView("SR-2001", "F-2001", "mercy-clinic", "harbor-housing", "housing", "declined",
                List.of(new ReferralView.Step("requested", Instant.parse("2026-12-07T15:00:00Z"), null, null),
                        new ReferralView.Step("declined", Instant.parse("2026-12-08T10:30:00Z"), "no-capacity", null)),
                null, List.of(), null, null);
        String task = FhirTasks.task(view);
        FhirValidation.assertValid(task);
        assertTrue(task.contains("\"rejected\"") && task.contains("no-capacity"), task);
    }
}
