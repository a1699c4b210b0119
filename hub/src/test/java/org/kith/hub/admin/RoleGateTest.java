package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.ProblemException;

/** The gate on a real Camel exchange: 401, 403, and what a request that passes carries on. */
class RoleGateTest {

    @TempDir
    Path dir;
    private final CamelContext camel = new DefaultCamelContext();
    private IdentityProvider idp;
    private RoleGate auditors;

    @BeforeEach
    void gate() throws Exception {
        idp = new IdentityProvider(dir);
        auditors = new RoleGate(new AdminUsers(IdentityProvider.tokenUser("ops-on-call", "ops-token"),
                Optional.of(idp.users())), Set.of(Role.AUDITOR));
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void withoutAKnownOrValidTokenIs401() throws Exception {
        assertStatus(401, null);
        assertStatus(401, "Basic dXNlcjpwYXNz");
        assertStatus(401, "Bearer unknown-token");
        assertStatus(401, "Bearer " + idp.rs256(IdentityProvider.claims().audience("another-service").build()));
    }

    @Test
    void withoutTheRoleIs403() throws Exception {
        assertStatus(403, "Bearer ops-token");
        assertStatus(403, "Bearer " + idp.rs256(IdentityProvider.claims()
                .claim(JwtUsers.ROLES, java.util.List.of("operator")).build()));
    }

    @Test
    void aUserWithTheRoleIsLetThroughWithItsIdAndPrincipalAndWithoutTheToken() throws Exception {
        Exchange exchange = exchange("Bearer " + idp.es256(IdentityProvider.claims().build()));
        auditors.process(exchange);
        assertEquals("u-4821", exchange.getProperty(RoleGate.USER));
        User principal = exchange.getProperty(RoleGate.PRINCIPAL, User.class);
        assertEquals("u-4821", principal.id());
        assertEquals(Set.of("north-county-cw"), principal.agencies());
        assertNull(exchange.getMessage().getHeader("Authorization"));
    }

    private void assertStatus(int status, String authorization) {
        Exchange exchange = exchange(authorization);
        var refused = assertThrows(ProblemException.class, () -> auditors.process(exchange));
        assertEquals(status, refused.problem().status());
        assertNull(exchange.getProperty(RoleGate.PRINCIPAL));
        assertNull(exchange.getProperty(RoleGate.USER));
    }

    private Exchange exchange(String authorization) {
        Exchange exchange = new DefaultExchange(camel);
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        return exchange;
    }
}
