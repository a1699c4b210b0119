package org.kith.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import org.kith.hub.topics.Topics;

/** The ACLs a partner's principal gets: its own topics and groups, nothing of anyone else's. */
class PartnerKafkaAccessTest {

    private final PartnerKafkaAccess access = new PartnerKafkaAccess("localhost:1", "partners.example:9093",
            new Topics("p.", 3, (short) 1));

    @Test
    void aPartnerMayReadItsOutboundAndStatusWriteItsInboundAndUseItsGroups() {
        Set<String> acls = access.acls("agency-a").stream().map(PartnerKafkaAccessTest::describe).collect(Collectors.toSet());
        assertEquals(Set.of(
                "User:agency-a TOPIC LITERAL p.kith.outbound.agency-a READ",
                "User:agency-a TOPIC LITERAL p.kith.outbound.agency-a DESCRIBE",
                "User:agency-a TOPIC LITERAL p.kith.status.agency-a READ",
                "User:agency-a TOPIC LITERAL p.kith.status.agency-a DESCRIBE",
                "User:agency-a TOPIC LITERAL p.kith.inbound.agency-a WRITE",
                "User:agency-a TOPIC LITERAL p.kith.inbound.agency-a DESCRIBE",
                "User:agency-a GROUP LITERAL p.kith-partner-agency-a READ",
                // with the '.', partner "agency-a" cannot use the groups of partner "agency-ab"
                "User:agency-a GROUP PREFIXED p.kith-partner-agency-a. READ"), acls);
    }

    @Test
    void onlyAPartnerIdNamesAPrincipal() {
        assertThrows(IllegalArgumentException.class, () -> access.grant("User:*"));
        assertThrows(IllegalArgumentException.class, () -> access.revoke("*"));
    }

    private static String describe(AclBinding acl) {
        return acl.entry().principal() + " " + acl.pattern().resourceType() + " " + acl.pattern().patternType() + " "
                + acl.pattern().name() + " " + acl.entry().operation()
                + (acl.entry().host().equals("*") && acl.entry().permissionType().name().equals("ALLOW") ? "" : " ?");
    }
}
