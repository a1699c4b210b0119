package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.Partner;
import org.kith.schemas.PartnerKind;

/** The per-partner route reconciler: routes follow registration, settings and revocation, and no others are touched. */
class PartnerRoutesTest {

    private static Partner partner(String id, String name) {
        return new Partner(id, PartnerKind.COURT, name, null, Optional.empty());
    }

    @Test
    void routesFollowThePartnersAndTheirSettings() throws Exception {
        try (var camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:other").routeId("other").setBody(constant("x"));
                }
            });
            camel.start();
            var routes = new PartnerRoutes<String>("Test route", camel, partner -> Optional.ofNullable(partner.name()),
                    (id, name) -> new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:" + id).routeId("test-" + id).setBody(constant(name));
                        }
                    });

            routes.reconcile(List.of(partner("court-a", "A"), partner("court-b", null)));
            assertEquals(List.of("court-a"), routes.partners(), "a partner without settings gets no route");
            assertNotNull(camel.getRoute("test-court-a"));

            routes.reconcile(List.of(partner("court-a", "A2"), partner("court-b", "B")));
            assertEquals(List.of("court-a", "court-b"), routes.partners());
            assertEquals("A2", camel.createProducerTemplate().requestBody("direct:court-a", "", String.class),
                    "changed settings make a new route");

            routes.reconcile(List.of(partner("court-a", "A2"))); // court-b removed or revoked: Partners.all() leaves it out
            assertEquals(List.of("court-a"), routes.partners());
            assertNull(camel.getRoute("test-court-b"), "a removed partner's route is gone");
            routes.reconcile(List.of());
            assertNull(camel.getRoute("test-court-a"));
            assertNotNull(camel.getRoute("other"), "routes it did not make are left alone");
        }
    }
}
