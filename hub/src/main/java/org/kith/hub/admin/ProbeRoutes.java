package org.kith.hub.admin;

import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /livez} and {@code GET /readyz}: the liveness and readiness probes of orchestrators and
 * load balancers (Kubernetes' names), unauthenticated, revealing nothing but {@code up} or
 * {@code down}. Live: the enforcement core has not failed and the embedded broker (if any) serves;
 * a supervisor restarts a hub that is not. Ready: what {@code /v1/admin/health} calls healthy (the
 * core running, the broker serving, no partition's oldest message waiting too long); a balancer
 * sends no partner to a hub that is not. The reasons stay behind an operator's token.
 */
public final class ProbeRoutes extends RouteBuilder {

    public static final String LIVE = "/livez";
    public static final String READY = "/readyz";
    private static final Set<String> FAILED_CORE = Set.of("ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN");
    private static final Set<String> SERVING_BROKER = Set.of("ok", "external");

    private final BooleanSupplier live;
    private final BooleanSupplier ready;

    public ProbeRoutes(CoreViews core) {
        this.live = () -> live(core.coreState().get(), core.brokerState().get());
        this.ready = () -> ready(core.coreState().get(), core.brokerState().get(), core.undecided().report());
    }

    static boolean live(String coreState, String brokerState) {
        return !FAILED_CORE.contains(coreState) && SERVING_BROKER.contains(brokerState);
    }

    /** Healthy, as the detailed health says it: the core running, the broker serving, nobody waiting too long. */
    static boolean ready(String coreState, String brokerState, Map<String, Object> undecided) {
        return ("RUNNING".equals(coreState) || "REBALANCING".equals(coreState)) && SERVING_BROKER.contains(brokerState)
                && !undecided.containsKey("reason");
    }

    @Override
    public void configure() {
        probe(LIVE, live);
        probe(READY, ready);
    }

    private void probe(String path, BooleanSupplier up) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId("probe" + path.replace('/', '-'))
                .removeHeaders("*")
                .process(exchange -> {
                    boolean isUp = up.getAsBoolean();
                    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, isUp ? 200 : 503);
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    exchange.getMessage().setHeader("Cache-Control", "no-store");
                    exchange.getMessage().setBody(isUp ? "{\"status\":\"up\"}" : "{\"status\":\"down\"}");
                });
    }
}
