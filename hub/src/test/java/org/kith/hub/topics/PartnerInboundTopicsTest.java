package org.kith.hub.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The partners' inbound topics: named per partner, provisioned with its other topics, recognised by the ingress's pattern only. */
class PartnerInboundTopicsTest {

    private final Topics topics = new Topics("p.", 3, (short) 1);

    @Test
    void eachPartnerHasItsOwnInboundTopicBesideTheSharedOne() {
        assertEquals("p.kith.inbound.county-cw", topics.inbound("county-cw"));
        List<String> names = topics.layout(List.of("county-cw")).stream().map(NewTopic::name).toList();
        assertTrue(names.contains("p.kith.inbound.county-cw"), names.toString());
        assertTrue(names.contains("p.kith.inbound"), names.toString());
    }

    @Test
    void thePatternTakesEveryPartnerInboundTopicAndNothingElse() {
        assertEquals(Optional.of("county-cw"), topics.partnerOfInbound("p.kith.inbound.county-cw"));
        assertEquals(Optional.of("a"), topics.partnerOfInbound("p.kith.inbound.a"));
        for (String other : List.of("p.kith.inbound", "p.kith.inbound.", "pxkith.inbound.a", "p.kithxinbound.a",
                "p.kith.inboundxa", "kith.inbound.a", "p.kith.inbound.a.b", "p.kith.inbound.A", "p.kith.outbound.a",
                "p.kith.inbound.-a")) {
            assertEquals(Optional.empty(), topics.partnerOfInbound(other), other);
        }
    }
}
