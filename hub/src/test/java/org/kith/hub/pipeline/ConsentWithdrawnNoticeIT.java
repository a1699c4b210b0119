package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.COURT;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;
import static org.kith.hub.pipeline.PipelineFixture.SCHOOL;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * A family revokes a directive, on the real broker: the partner that received a referral under it
 * gets exactly one {@code consent-withdrawn} notice, on its topic and at its webhook; the court,
 * which received the same referral under another directive, and the school, which received nothing,
 * get none. The ledger records the notice and the family's accounting shows it. The same revocation
 * delivered again, and a second revocation of the directive, tell no one again (the recipients come
 * from the family's changelogged accounting store, so a restart or another instance finds the same;
 * {@link org.kith.hub.pipeline.RevocationRaceIT} moves a family's stores between instances).
 */
class ConsentWithdrawnNoticeIT {

    private static final String FAMILY = "F-WITHDRAWN";
    private static final String AUDITOR_TOKEN = "withdrawn-auditor-token";
    private static final String NOTICE_TYPE = "org.kith.consent-withdrawn.v1";

    @Test
    void aRevocationTellsExactlyThePartnersThatReceivedDataUnderItOnce(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(AUDITOR_TOKEN)));
        try (var fixture = PipelineFixture.create("ConsentWithdrawnNoticeIT", dir);
             var agencyHook = PartnerWebhookServer.start("/agency");
             var clinicHook = PartnerWebhookServer.start("/clinic")) {
            fixture.webhooks(agencyHook.url("/agency"), clinicHook.url("/clinic")).with(HubOption.USERS_FILE, users.toString());
            Hub hub = fixture.startHub(dir.resolve("instance-1"), Clock.systemUTC());
            try {
                String directive = fixture.grantPermission(FAMILY, CLINIC).data().path("directiveId").asText();
                fixture.grantPermission(FAMILY, COURT);
                Envelope referral = fixture.referral(FAMILY, "R-W-1", CLINIC, COURT, SCHOOL);
                Envelope revocation = fixture.revokePermission(FAMILY, CLINIC);

                JsonNode delivered = await("the clinic's webhook told of the withdrawal").atMost(DEADLINE)
                        .until(() -> notices(clinicHook), found -> !found.isEmpty()).get(0);
                fixture.awaitCaughtUp(DEADLINE);

                assertEquals(1, notices(fixture, CLINIC).size(), "one notice on the clinic's topic");
                assertEquals(List.of(), notices(fixture, COURT), "the court received only under another directive");
                assertEquals(List.of(), notices(fixture, SCHOOL), "the school received nothing");
                assertEquals(1, fixture.countByMessageId(fixture.topics().outbound(COURT)).size(),
                        "the court did receive the referral");

                JsonNode data = delivered.get("data");
                assertEquals(List.of(), new SubmissionValidator().validateConsentWithdrawn(data));
                assertEquals(FAMILY, data.get("familyId").asText());
                assertEquals(directive, data.get("directiveId").asText());
                assertEquals(revocation.id(), data.get("revocationMessageId").asText());
                assertEquals("2026-11-20T09:00:00Z", data.get("withdrawnFrom").asText());
                assertEquals(referral.id(), data.at("/disclosures/0/messageId").asText());
                assertEquals(1, data.get("disclosures").size());
                assertEquals("urn:kith:hub", delivered.get("source").asText());
                String noticeId = data.get("noticeId").asText();
                assertEquals(List.of(noticeId), clinicHook.deliveries().stream()
                        .filter(d -> d.body().contains(NOTICE_TYPE)).map(PartnerWebhookServer.Delivery::idempotencyKey)
                        .distinct().toList());

                List<JsonNode> recorded = fixture.ledger("consent-withdrawn");
                assertEquals(1, recorded.size(), recorded.toString());
                assertEquals(CLINIC, recorded.get(0).get("recipient").asText());
                assertEquals(noticeId, recorded.get(0).get("noticeId").asText());
                assertEquals("sent", recorded.get(0).get("sent").asText());

                JsonNode accounting = AdminHttp.json(new AdminHttp(hub.httpPort())
                        .get(AdminRoutes.FAMILIES + "/" + FAMILY + "/accounting", AUDITOR_TOKEN));
                List<JsonNode> told = StreamSupport.stream(accounting.get("entries").spliterator(), false)
                        .filter(e -> "consent-withdrawn".equals(e.path("messageType").asText())).toList();
                assertEquals(1, told.size(), accounting.toString());
                assertEquals(CLINIC, told.get(0).get("recipient").asText());
                assertEquals("notified", told.get(0).get("outcome").asText());
                assertTrue(told.get(0).get("sentence").asText().contains("consent directive " + directive),
                        told.get(0).toString());

                fixture.publishAgain(revocation);
                Envelope second = fixture.revokePermission(FAMILY, CLINIC);
                fixture.awaitCaughtUp(DEADLINE);
                assertTrue(fixture.ledger(PipelineFixture.CONSENT).stream()
                        .anyMatch(e -> second.id().equals(e.path("messageId").asText())), "the second revocation was recorded");
                assertEquals(1, notices(fixture, CLINIC).size(), "still one notice on the clinic's topic");
                assertEquals(1, fixture.ledger("consent-withdrawn").size(), "still one notice in the ledger");
            } finally {
                hub.close();
            }
        }
    }

    /**
     * A directive replaced by one that no longer names the clinic: the clinic, which received a
     * referral under it, is told (the categories it lost, the directive replacing it); the court,
     * still covered for all it received, is not.
     */
    @Test
    void aDirectiveReplacedByANarrowerOneTellsThePastRecipientsItNoLongerCovers(@TempDir Path dir) throws Exception {
        String family = "F-REPLACED";
        try (var fixture = PipelineFixture.create("ConsentReplacedNoticeIT", dir)) {
            Hub hub = fixture.startHub(dir.resolve("instance-1"), Clock.systemUTC());
            try {
                fixture.publish(DemoMessages.profile(PipelineFixture.AGENCY, family));
                fixture.publish(DemoMessages.consent(PipelineFixture.AGENCY, family, "D-R-1", CLINIC + "\", \"" + COURT));
                Envelope referral = fixture.referral(family, "R-R-1", CLINIC, COURT);
                Envelope replacing = fixture.publish(DemoMessages.consent(PipelineFixture.AGENCY, family, "D-R-2", COURT)
                        .replace("\"directiveId\": \"D-R-2\",", "\"directiveId\": \"D-R-2\", \"replaces\": \"D-R-1\","));

                await("the clinic told that D-R-1 no longer covers it").atMost(DEADLINE)
                        .until(() -> notices(fixture, CLINIC).size() == 1);
                fixture.awaitCaughtUp(DEADLINE);
                assertEquals(1, fixture.countByMessageId(fixture.topics().outbound(COURT)).size(),
                        "the court received the referral");
                assertEquals(List.of(), notices(fixture, COURT), "the court is still covered for all it received");

                JsonNode data = Json.mapper().readTree(notices(fixture, CLINIC).get(0).value());
                assertEquals(List.of(), new SubmissionValidator().validateConsentWithdrawn(data));
                assertEquals("D-R-1", data.get("directiveId").asText());
                assertEquals("D-R-2", data.get("replacedBy").asText());
                assertEquals(replacing.id(), data.get("revocationMessageId").asText());
                assertEquals(List.of("administrative", "identity", "service"), StreamSupport.stream(
                        data.get("categories").spliterator(), false).map(JsonNode::asText).toList());
                assertEquals(referral.id(), data.at("/disclosures/0/messageId").asText());

                List<JsonNode> recorded = fixture.ledger("consent-withdrawn");
                assertEquals(1, recorded.size(), recorded.toString());
                assertEquals(CLINIC, recorded.get(0).get("recipient").asText());
                assertEquals("D-R-2", recorded.get(0).get("replacedBy").asText());
            } finally {
                hub.close();
            }
        }
    }

    /** The consent-withdrawn notices on a partner's outbound topic. */
    private static List<ConsumerRecord<String, byte[]>> notices(PipelineFixture fixture, String partner) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        fixture.forEachCommitted(fixture.topics().outbound(partner), record -> {
            if (NOTICE_TYPE.equals(PipelineFixture.header(record, "ce_type"))) {
                found.add(record);
            }
        });
        return found;
    }

    /** The consent-withdrawn notices the webhook received, as structured CloudEvents. */
    private static List<JsonNode> notices(PartnerWebhookServer hook) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (PartnerWebhookServer.Delivery delivery : hook.deliveries()) {
            JsonNode event = Json.mapper().readTree(delivery.body());
            if (NOTICE_TYPE.equals(event.path("type").asText())) {
                found.add(event);
            }
        }
        return found;
    }
}
