package org.kith.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.PartnerRegistry;
import org.kith.schemas.Json;
import org.kith.hub.rules.ConfigPublisher;

/** The sample partnership configuration shipped for deployments parses, and names only registered partners. */
class SampleConfigTest {

    @Test
    void theSamplePartnershipIsValidAndConsistentWithTheSamplePartners() throws Exception {
        var partners = PartnerRegistry.load(Path.of("../config/partners.json"));
        var entries = ConfigPublisher.entries(Json.mapper().readTree(Path.of("../config/partnership.json").toFile()),
                id -> partners.find(id).isPresent());
        assertEquals(6, entries.size(), "three agreements, one routing rule, two statute rules");
        String text = new String(java.nio.file.Files.readAllBytes(Path.of("../config/partnership.json")));
        for (String id : new String[] {"county-cw", "riverside-clinic", "family-court", "lincoln-elementary"}) {
            assertTrue(partners.find(id).isPresent(), id);
            assertTrue(text.contains("\"" + id + "\""), id);
        }
    }
}
