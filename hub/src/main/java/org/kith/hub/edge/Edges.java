package org.kith.hub.edge;

import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.hub.admin.AccountingSource;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.admin.UserRegistry;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.schemas.SubmissionValidator;

/**
 * The Camel side of the hub: the REST ingress, the administration API and one webhook egress route
 * per partner that receives by webhook.
 */
public final class Edges implements AutoCloseable {

    private static final int HTTP_TIMEOUT_MS = 10_000;

    private final CamelContext camel;
    private final VertxPlatformHttpServer httpServer;

    private Edges(CamelContext camel, VertxPlatformHttpServer httpServer) {
        this.camel = camel;
        this.httpServer = httpServer;
    }

    public static Edges start(HubConfig config, Endpoints endpoints, PartnerRegistry partners,
                              SubmissionValidator validator, DeadLetterReplay deadLetters, AccountingSource accounting,
                              Clock clock) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getGlobalOptions().put("CamelLogEipMasking", "true");
        var http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.httpHost());
        http.setBindPort(config.httpPort());
        // Vert.x refuses far larger bodies outright; the route answers 413 with a problem above the limit.
        http.setMaxBodySize(2L * config.ingressMaxBytes());
        var httpServer = new VertxPlatformHttpServer(http);
        camel.addService(httpServer, true, true);

        HttpComponent webhookClient = camel.getComponent("http", HttpComponent.class);
        webhookClient.setConnectTimeout(HTTP_TIMEOUT_MS);
        webhookClient.setResponseTimeout(HTTP_TIMEOUT_MS);

        camel.addRoutes(new RestIngressRoutes(partners, validator, endpoints.inbound(), clock, config.ingressMaxBytes()));
        camel.addRoutes(new AdminRoutes(UserRegistry.load(config.usersFile()), deadLetters, accounting,
                config.ingressMaxBytes()));
        for (Partner partner : partners.all()) {
            if (partner.webhook().isPresent()) {
                camel.addRoutes(new WebhookEgressRoutes(partner.id(), endpoints.outboundForWebhook(partner.id()),
                        endpoints.webhook(partner.webhook().get()), WebhookEgressRoutes.Retry.DEFAULT));
            }
        }
        camel.start();
        return new Edges(camel, httpServer);
    }

    /** The port the REST ingress listens on (the configured one, or the one chosen for port 0). */
    public int httpPort() {
        return httpServer.getServer().actualPort();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
