package org.kith.hub.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.DirectiveState;
import org.kith.hub.demo.DemoMessages;
import org.kith.schemas.Json;

/** A family's consent file: what it keeps, what it refuses, and how it reads into the engine's record. */
class FamilyFileTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final FamilyRecords records = new FamilyRecords(Jurisdiction.example());

    private static JsonNode data(String cloudEvent) throws Exception {
        return Json.mapper().readTree(cloudEvent).get("data");
    }

    private static FamilyFile.Filed directive(String id) throws Exception {
        return new FamilyFile.Filed(id, data(DemoMessages.consent("county-cw", "F-1", id, "riverside-clinic")),
                "county-cw", "m-" + id, T0, null, null);
    }

    @Test
    void aLongHistoryKeepsTheLatestRevokedDocumentsAndOnlyTheIdsOfOlderOnes() throws Exception {
        FamilyFile file = FamilyFile.empty("F-1").withProfile(data(DemoMessages.profile("county-cw", "F-1")));
        for (int i = 0; i < 40; i++) {
            file = file.withDirective(directive("D-" + i)).revoke("D-" + i, T0.plusSeconds(i), "m-r" + i);
        }
        file = file.withDirective(directive("D-active"));

        assertEquals(FamilyFile.KEEP_REVOKED + 1, file.directives().size());
        assertEquals(40 - FamilyFile.KEEP_REVOKED, file.revokedIds().size());
        assertTrue(file.revokedIds().contains("D-0"), "the oldest revocations are kept as ids");
        FamilyFile full = file;
        assertThrows(IllegalStateException.class, () -> full.withDirective(directive("D-0")),
                "a directive revoked long ago can never be recorded again");
        assertThrows(IllegalStateException.class, () -> full.withDirective(directive("D-39")));
        assertEquals(full, full.revoke("D-0", T0, "again"), "revoking twice changes nothing");

        FamilyRecord record = records.strict(file);
        assertEquals(List.of("D-active"), record.directives().stream()
                .filter(d -> d.status().state() == DirectiveState.ACTIVE).map(d -> d.id()).toList());
        assertEquals(file, Json.mapper().readValue(Json.mapper().writeValueAsBytes(file), FamilyFile.class),
                "the file survives the state store's serialization");
    }

    @Test
    void revokingADirectiveNotOnFileIsRefused() {
        assertThrows(NoSuchElementException.class, () -> FamilyFile.empty("F-1").revoke("D-x", T0, "m"));
    }

    @Test
    void aDocumentThatNoLongerReadsWithholdsInsteadOfFailing() throws Exception {
        JsonNode broken = ((com.fasterxml.jackson.databind.node.ObjectNode) directive("D-1").data().deepCopy())
                .put("effect", "maybe");
        FamilyFile file = FamilyFile.empty("F-1").withProfile(data(DemoMessages.profile("county-cw", "F-1")))
                .withDirective(new FamilyFile.Filed("D-1", broken, "county-cw", "m", T0, null, null));

        assertThrows(IllegalArgumentException.class, () -> records.strict(file), "recording it would be refused");
        FamilyRecord read = records.read(file);
        assertEquals(List.of("D-1"), read.unreadable().stream().map(u -> u.id()).toList(),
                "a stored document that no longer reads is an unreadable directive: consent stops (fail closed)");
    }
}
