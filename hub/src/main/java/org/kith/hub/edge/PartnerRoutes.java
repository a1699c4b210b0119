package org.kith.hub.edge;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.kith.hub.config.Partner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel routes of one kind, one set per partner, kept in step with the registered partners: a
 * partner that now wants them (a registration, a first key, a webhook) gets them, one whose
 * {@code settings} changed gets new ones, one removed, revoked or no longer wanting them loses them.
 * Called from one thread at a time (the edges' reconciler); the routes it did not make it never touches.
 *
 * @param <S> what a partner's routes are made from; a change of it (by {@code equals}) remakes them
 */
final class PartnerRoutes<S> {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerRoutes.class);
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final String kind;
    private final CamelContext camel;
    private final Function<Partner, Optional<S>> wanted;
    private final BiFunction<String, S, RouteBuilder> routes;
    private final Map<String, Running<S>> running = new HashMap<>();

    private record Running<S>(S settings, List<String> routeIds) {
    }

    /**
     * @param kind   what the routes are, for the log (e.g. {@code Webhook route})
     * @param wanted the settings of a partner's routes, or empty if it should have none
     * @param routes the routes of a partner with these settings, each with a route id
     */
    PartnerRoutes(String kind, CamelContext camel, Function<Partner, Optional<S>> wanted,
                  BiFunction<String, S, RouteBuilder> routes) {
        this.kind = kind;
        this.camel = camel;
        this.wanted = wanted;
        this.routes = routes;
    }

    synchronized void reconcile(Collection<Partner> partners) {
        Map<String, S> want = new HashMap<>();
        partners.forEach(partner -> wanted.apply(partner).ifPresent(settings -> want.put(partner.id(), settings)));
        for (var entry : Map.copyOf(running).entrySet()) {
            if (!entry.getValue().settings().equals(want.get(entry.getKey()))) {
                remove(entry.getKey(), entry.getValue());
            }
        }
        want.forEach((id, settings) -> {
            if (!running.containsKey(id)) {
                add(id, settings);
            }
        });
    }

    /** The partners whose routes run now. */
    synchronized List<String> partners() {
        return running.keySet().stream().sorted().toList();
    }

    private void add(String partnerId, S settings) {
        try {
            RouteBuilder builder = routes.apply(partnerId, settings);
            camel.addRoutes(builder);
            running.put(partnerId, new Running<>(settings, builder.getRouteCollection().getRoutes().stream()
                    .map(RouteDefinition::getRouteId).toList()));
            LOG.info("{} for partner {} started", kind, partnerId);
        } catch (Exception e) {
            LOG.error("{} for partner {} could not start: {}", kind, partnerId, e.getClass().getName());
        }
    }

    private void remove(String partnerId, Running<S> routes) {
        try {
            for (String routeId : routes.routeIds()) {
                // bounded: a delivery cut short is not committed, so it is made again by the next route (at least once)
                camel.getRouteController().stopRoute(routeId, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                camel.removeRoute(routeId);
            }
            running.remove(partnerId);
            LOG.info("{} for partner {} stopped", kind, partnerId);
        } catch (Exception e) {
            LOG.error("{} for partner {} could not stop: {}", kind, partnerId, e.getClass().getName());
        }
    }
}
