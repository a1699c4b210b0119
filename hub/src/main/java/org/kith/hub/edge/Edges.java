package org.kith.hub.edge;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.connectors.kafka.KafkaIngressRoutes;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.connectors.webhook.BodySigner;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.hub.admin.AccessRefusals;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.admin.AdminUsers;
import org.kith.hub.admin.ChangeWriter;
import org.kith.hub.admin.ConfigAdmin;
import org.kith.hub.admin.Forwarding;
import org.kith.hub.admin.CoreViews;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.config.SignaturePolicy;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.HubTls;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.evaluation.MeasureRequests;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.ingress.IdTopic;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.topics.TopicProvisioner;
import org.kith.schemas.SubmissionValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel side of the hub: the REST ingress (with the partners' signatures checked by
 * {@link PartnerSignatures}), the partners' referral and capacity API ({@link ReferralRoutes}), both
 * held to one rate limit per partner, the administration API, the hub's public keys
 * ({@link JwksRoute}), the partners' API's OpenAPI document ({@link PartnerOpenApiRoute}) and one
 * webhook egress route per partner that receives by webhook, each delivery signed with the hub's
 * active key; with {@code kith.filedrop.dir} set, one file drop route per partner that signs
 * ({@link FileDrops}, batches checked by {@link BatchSignatures}), both kinds of per-partner route
 * following the partners live ({@link PartnerRoutes}); the Kafka ingress ({@link KafkaIngressRoutes})
 * for partners that write their own inbound topic. The three ingresses share one record of the event
 * ids senders used ({@link IdTopic}, read before any of them opens), and the rate limit is the hub's,
 * split among its running instances.
 */
public final class Edges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Edges.class);
    private static final int HTTP_TIMEOUT_MS = 10_000;

    private final CamelContext camel;
    private final VertxPlatformHttpServer httpServer;
    private final ChangeWriter configWriter;
    private final ExecutorService reconciler;
    private final AccessRefusals refusals;
    private final IdTopic acceptedIds;

    private Edges(CamelContext camel, VertxPlatformHttpServer httpServer, ChangeWriter configWriter,
                  ExecutorService reconciler, AccessRefusals refusals, IdTopic acceptedIds) {
        this.camel = camel;
        this.httpServer = httpServer;
        this.configWriter = configWriter;
        this.reconciler = reconciler;
        this.refusals = refusals;
        this.acceptedIds = acceptedIds;
    }

    /**
     * @param partners   the partners registered now (followed live)
     * @param configView told of every change of the config topic: webhook and file drop routes follow the partners
     * @param instances  how many hub instances run now: they share the partners' rate limit
     */
    public static Edges start(HubConfig config, Endpoints endpoints, Partners partners, ConfigView configView,
                              SubmissionValidator validator, DeadLetterReplay deadLetters, CoreViews core,
                              KeyRing keys, AdminRoutes.PartnerIssuers issuers, HubTls tls, IntSupplier instances,
                              Clock clock)
            throws Exception {
        Duration window = Duration.ofMillis(config.replayWindowMs());
        IdTopic acceptedIds = IdTopic.open(endpoints.bootstrapServers(), endpoints.topics(), window,
                config.replayCapacity(), clock);
        try {
            return start(config, endpoints, partners, configView, validator, deadLetters, core, keys, issuers, tls,
                    instances, acceptedIds, clock);
        } catch (Exception | Error e) {
            acceptedIds.close();
            throw e;
        }
    }

    private static Edges start(HubConfig config, Endpoints endpoints, Partners partners, ConfigView configView,
                               SubmissionValidator validator, DeadLetterReplay deadLetters, CoreViews core,
                               KeyRing keys, AdminRoutes.PartnerIssuers issuers, HubTls tls, IntSupplier instances,
                               IdTopic acceptedIds, Clock clock)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getGlobalOptions().put("CamelLogEipMasking", "true");
        var http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.httpHost());
        http.setBindPort(config.httpPort());
        BodyLimit.configure(http, config.ingressMaxBytes());
        if (config.httpTls()) {
            http.setSslContextParameters(TlsParameters.server(tls));
        }
        // the door's limits: one server, the same for HTTP and HTTPS
        var httpServer = new HttpApiServer(http, HttpApiServer.fitted(config.httpLimits()), core.metrics().registry());
        camel.addService(httpServer, true, true);

        for (String scheme : List.of("http", "https")) { // one component per scheme of the webhook's URL
            HttpComponent webhookClient = camel.getComponent(scheme, HttpComponent.class);
            webhookClient.setConnectTimeout(HTTP_TIMEOUT_MS);
            webhookClient.setResponseTimeout(HTTP_TIMEOUT_MS);
            // one retry policy, the route's (backoff, jitter, metrics): the HTTP client must not retry a 503 or a
            // 429 on its own, unseen, nor sleep for a partner's Retry-After
            webhookClient.setAutomaticRetriesDisabled(true);
        }
        camel.getComponent("https", HttpComponent.class).setSslContextParameters(TlsParameters.webhookClient(tls));
        Forwarding.bind(camel, config.httpTls() ? Optional.of(tls.instanceClient()) : Optional.empty());

        var signatures = new PartnerSignatures(partners, config.ingressSignatures(),
                Duration.ofMillis(config.replayWindowMs()), clock, acceptedIds.registry());
        // one budget per partner across its whole API (messages, capacity reports and lookups) and every instance
        var rateLimits = new PartnerRateLimits(config.ingressRateLimit(), Duration.ofMillis(config.ingressRatePeriodMs()),
                instances);
        var familyLimits = new FamilyLimitRoutes(partners, rateLimits, validator, core.families(),
                new FamilyRecords(Jurisdiction.example()), clock, config.ingressMaxBytes());
        camel.addRoutes(familyLimits);
        camel.addRoutes(new RestIngressRoutes(partners, rateLimits, signatures, validator, endpoints.inbound(), clock,
                config.ingressMaxBytes(), familyLimits.door()));
        // one signature check and record of ids for every edge: an event id is taken whichever way it came
        camel.addRoutes(new KafkaIngressRoutes(endpoints.partnerInbound(), endpoints.topics()::partnerOfInbound,
                id -> partners.find(id).isPresent(), signatures, validator, endpoints.inbound(), clock,
                config.ingressMaxBytes()));
        var reports = new MeasureRequests(config.evaluation(), core.measures(), clock, new java.security.SecureRandom());
        var configWriter = new ChangeWriter(endpoints.bootstrapServers(), endpoints.topics(), Optional.of(configView));
        // refused requests for a family's data reach the ledger as notices, as administrative changes do
        var refusals = AccessRefusals.toLedger(configWriter, endpoints.topics().inbound(), partners, core.metrics(), clock);
        var configAdmin = new ConfigAdmin(core.config(), configWriter, id -> partners.find(id).isPresent(), config.adminFourEyes(), clock);
        Consumer<String> provisionTopics = partnerId -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    endpoints.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, endpoints.topics().layout(List.of(partnerId)));
            }
        };
        camel.addRoutes(new AdminRoutes(AdminUsers.from(config, clock), deadLetters, core, reports,
                new AdminRoutes.Changes(configAdmin, configWriter, partners, endpoints.topics(), provisionTopics, issuers),
                validator, clock, config.ingressMaxBytes(), refusals)
                .servedAt(ApiDocuments.server(config.httpTls(), config.httpAdvertised())));
        camel.addRoutes(new ReferralRoutes(partners, rateLimits, validator, core.referrals(), reports, endpoints.config(), clock,
                config.ingressMaxBytes(), refusals));
        // the FHIR edge: a mapping in front of the same authentication, signature, validation and family door
        camel.addRoutes(new FhirRoutes(partners, rateLimits, signatures, validator, core.referrals(), endpoints.inbound(),
                clock, config.ingressMaxBytes(), familyLimits.door(), refusals));
        var fileDrops = config.fileDropDir().map(dir -> new FileDrops(camel, dir, endpoints, partners, validator, clock,
                config.fileDropMaxBytes(), config.fileDropSftp(), acceptedIds.registry()));
        fileDrops.ifPresent(drops -> drops.reconcile(partners.all()));
        camel.addRoutes(new JwksRoute(keys.publicKeys()));
        camel.addRoutes(new org.kith.hub.admin.ProbeRoutes(core));
        String server = ApiDocuments.server(config.httpTls(), config.httpAdvertised());
        camel.addRoutes(new PartnerOpenApiRoute(server));
        camel.addRoutes(new org.kith.hub.console.ConsoleRoute());
        BodySigner signer = body -> DetachedJws.sign(keys, SigningInput.structured(body));
        var webhooks = new WebhookRoutes(camel, endpoints, signer, core.metrics(),
                WebhookEgressRoutes.Breaker.DEFAULT.withOpenWait(Duration.ofMillis(config.webhookBreakerOpenMs())), clock);
        webhooks.reconcile(partners.all());
        for (Partner partner : partners.all()) {
            if (config.ingressSignatures() == SignaturePolicy.REQUIRED && partner.tokenSha256() != null
                    && partner.publicKeys().all().isEmpty()) {
                LOG.warn("Partner {} has an API token but no public keys: its messages will be refused (unsigned"
                        + " or unknown-key) until it registers one", partner.id());
            }
        }
        camel.start();
        var reconciler = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kith-partner-routes");
            thread.setDaemon(true);
            return thread;
        });
        configView.onChange(() -> reconciler.execute(() -> {
            webhooks.reconcile(partners.all());
            fileDrops.ifPresent(drops -> drops.reconcile(partners.all()));
        }));
        return new Edges(camel, httpServer, configWriter, reconciler, refusals, acceptedIds);
    }

    /** The port the REST ingress listens on (the configured one, or the one chosen for port 0). */
    public int httpPort() {
        return httpServer.getServer().actualPort();
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        camel.stop();
        refusals.close();
        configWriter.close();
        acceptedIds.close();
    }
}
