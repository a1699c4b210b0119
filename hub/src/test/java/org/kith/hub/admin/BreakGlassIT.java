package org.kith.hub.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * Child-safety break-glass on a real broker, only by a person holding the emergency role: an
 * emergency authority an agency's system sends with no person behind it (or with a header claiming
 * one) is refused, told to the sender and recorded, and opens nothing; one carrying a declaration
 * of the identity provider by a person holding the role is recorded with who and why, and one for
 * another family or by someone without the role is refused; through the administration API it
 * works as before. The accounting of disclosures shows who declared the emergency and why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakGlassIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "break-glass-agency-token";
    private static final String ON_CALL_TOKEN = "break-glass-oncall-token";
    private static final String AUDITOR_TOKEN = "break-glass-auditor-token";
    private static final String WHY = "The child cannot wait for consent.";

    private IdentityProvider provider;
    private ClinicHub running;
    private AdminHttp api;

    @BeforeAll
    void startHub(@TempDir Path dir) throws Exception {
        provider = new IdentityProvider(Files.createDirectories(dir.resolve("idp")));
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "oncall-1", "roles": ["emergency"], "tokenSha256": "%s"},
                           {"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(ON_CALL_TOKEN), PartnerRegistry.sha256(AUDITOR_TOKEN)));
        running = ClinicHub.start(dir, AGENCY_TOKEN, KafkaBrokers.Kind.EMBEDDED, getClass().getSimpleName(), Map.of(
                HubOption.USERS_FILE.key(), users.toString(),
                HubOption.ADMIN_JWT_JWKS.key(), provider.jwks.toString(),
                HubOption.ADMIN_JWT_ISSUER.key(), IdentityProvider.ISSUER,
                HubOption.ADMIN_JWT_AUDIENCE.key(), IdentityProvider.AUDIENCE,
                HubOption.COMMIT_INTERVAL_MS.key(), "50"));
        api = new AdminHttp(running.hub().httpPort());
    }

    @AfterAll
    void stopHub() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void anEmergencyFromASystemWithNoPersonBehindItIsRefusedWithItsReasonAndOpensNothing() {
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-500")));
        String bare = accepted(running.agency().publish(emergency("F-500", "EM-500")));
        // a header claiming a user is not carried: only the administration API names the declarer
        String claimed = accepted(running.agency().post(CloudEventCodec.STRUCTURED_JSON,
                Map.of(KithHeaders.DECLARED_BY, "oncall-1"), emergency("F-500", "EM-500b")));
        String referral = accepted(running.agency().publish(DemoMessages.referral(AGENCY, "F-500", "R-500", CLINIC)));

        for (String refused : List.of(bare, claimed)) {
            JsonNode told = status(refused);
            assertEquals("refused", told.get("outcome").asText(), told.toString());
            assertTrue(told.get("reason").asText().contains("must name the person who declared it"), told.toString());
            JsonNode recorded = ledger("refusal", b -> refused.equals(b.path("partnerEventId").asText()));
            assertEquals("undeclared-emergency", recorded.get("reason").asText());
        }
        JsonNode decision = ledger("decision", b -> referral.equals(b.path("messageId").asText()));
        assertEquals("deny", decision.get("outcome").asText(), "the emergency opened nothing: " + decision);
        assertTrue(ledgerBodies("consent-recorded").stream().noneMatch(b -> b.path("documentId").asText()
                .startsWith("EM-500")), "neither emergency was recorded");
    }

    @Test
    void anEmergencyDeclaredByAPersonHoldingTheRoleIsRecordedWithWhoAndWhyAndTheAccountingShowsThem()
            throws Exception {
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-510")));
        ObjectNode event = event(emergency("F-510", "EM-510"));
        String token = provider.declaration(IdentityProvider.declarationClaims("u-4821", List.of("emergency"), "F-510",
                event.get("data"), Instant.now()).build());
        accepted(running.agency().publish(declared(event, token)));
        String referral = accepted(running.agency().publish(DemoMessages.referral(AGENCY, "F-510", "R-510", CLINIC)));

        JsonNode recorded = ledger("consent-recorded", b -> "EM-510".equals(b.path("documentId").asText()));
        assertEquals("u-4821", recorded.at("/emergency/declaredBy").asText());
        assertEquals("identity-provider", recorded.at("/emergency/verifiedBy").asText());
        assertEquals(WHY, recorded.at("/emergency/justification").asText());
        assertEquals("permit", ledger("decision", b -> referral.equals(b.path("messageId").asText()))
                .get("outcome").asText());

        JsonNode entry = accountingEntry("F-510", referral);
        assertEquals("u-4821", entry.at("/breakGlass/0/declaredBy").asText(), entry.toString());
        assertEquals("EM-510", entry.at("/breakGlass/0/authorityId").asText());
        assertEquals(WHY, entry.at("/breakGlass/0/justification").asText());
        assertTrue(entry.get("sentence").asText().contains("child-safety emergency access EM-510 declared by u-4821 (\""
                + WHY + "\")"), entry.get("sentence").asText());

        // the same declaration for another family, and one by a person without the role: refused
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-511")));
        String replayed = accepted(running.agency().publish(declared(event(emergency("F-511", "EM-510")), token)));
        assertTrue(status(replayed).get("reason").asText().contains("not-bound"), status(replayed).toString());
        ObjectNode unroled = event(emergency("F-510", "EM-512"));
        String noRole = accepted(running.agency().publish(declared(unroled, provider.declaration(IdentityProvider
                .declarationClaims("u-77", List.of("auditor"), "F-510", unroled.get("data"), Instant.now()).build()))));
        assertTrue(status(noRole).get("reason").asText().contains("does not hold the emergency role"),
                status(noRole).toString());
        assertTrue(ledgerBodies("consent-recorded").stream().noneMatch(b -> "EM-512".equals(b.path("documentId").asText())
                || "F-511".equals(b.path("familyId").asText()) && "EM-510".equals(b.path("documentId").asText())));
    }

    @Test
    void throughTheAdministrationApiItIsRecordedAsBeforeWithWhoAndWhy() {
        accepted(running.agency().publish(DemoMessages.profile(AGENCY, "F-520")));
        await().atMost(DEADLINE).until(() -> !ledgerBodies("consent-recorded").stream()
                .filter(b -> "F-520".equals(b.path("familyId").asText())).toList().isEmpty());
        var answer = api.post(AdminRoutes.FAMILIES + "/F-520/emergency", ON_CALL_TOKEN,
                event(emergency("F-520", "EM-520")).get("data").toString());
        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode recorded = ledger("consent-recorded", b -> "EM-520".equals(b.path("documentId").asText()));
        assertEquals("oncall-1", recorded.at("/emergency/declaredBy").asText());
        assertEquals("admin-api", recorded.at("/emergency/verifiedBy").asText());
        assertEquals(WHY, recorded.at("/emergency/justification").asText());

        String referral = accepted(running.agency().publish(DemoMessages.referral(AGENCY, "F-520", "R-520", CLINIC)));
        JsonNode entry = accountingEntry("F-520", referral);
        assertEquals("oncall-1", entry.at("/breakGlass/0/declaredBy").asText(), entry.toString());
        assertEquals("admin-api", entry.at("/breakGlass/0/verifiedBy").asText());
        String page = api.get(AdminRoutes.FAMILIES + "/F-520/accounting?format=html", AUDITOR_TOKEN).body();
        assertTrue(page.contains("EM-520: declared by oncall-1 (admin-api): " + WHY), "the printable page shows them too");
    }

    /** A child-safety emergency the agency's system sends for {@code family}, with the demo's justification. */
    private static String emergency(String family, String authorityId) {
        return DemoMessages.emergency(AGENCY, family, authorityId, CLINIC, Instant.now());
    }

    private static ObjectNode event(String cloudEvent) {
        return (ObjectNode) json(cloudEvent);
    }

    /** The event with {@code token} as its emergency's declaration. */
    private static String declared(ObjectNode event, String token) {
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.at("/data/emergency")).put("declaration", token);
        return copy.toString();
    }

    /** The agency's status notice about its message {@code messageId}, once the core has written it. */
    private JsonNode status(String messageId) {
        return await().atMost(DEADLINE).until(() -> TopicReader.readAll(running.hub().bootstrapServers(),
                        running.hub().topics().status(AGENCY)).stream().map(r -> json(r.value()))
                .filter(n -> messageId.equals(n.path("messageId").asText())).findFirst(), Optional::isPresent).get();
    }

    /** The body of the first ledger record of {@code kind} that matches, once the core has written it. */
    private JsonNode ledger(String kind, Predicate<JsonNode> matches) {
        return await().atMost(DEADLINE).until(() -> ledgerBodies(kind).stream().filter(matches).findFirst(),
                Optional::isPresent).get();
    }

    private List<JsonNode> ledgerBodies(String kind) {
        return running.ledger(kind);
    }

    /** The family's accounting entry of the decision on {@code messageId}, read by an auditor. */
    private JsonNode accountingEntry(String family, String messageId) {
        String decisionId = ledger("decision", b -> messageId.equals(b.path("messageId").asText()))
                .get("decisionId").asText();
        return await().atMost(DEADLINE).until(() -> StreamSupport.stream(AdminHttp.json(api.get(
                        AdminRoutes.FAMILIES + "/" + family + "/accounting", AUDITOR_TOKEN)).get("entries").spliterator(),
                false).filter(e -> decisionId.equals(e.path("decisionId").asText())).findFirst(), Optional::isPresent).get();
    }
}
