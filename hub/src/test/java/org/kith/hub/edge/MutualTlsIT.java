package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.CertificateAuthority;
import org.kith.hub.crypto.HubTls;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;
import picocli.CommandLine;

/**
 * The hub with {@code kith.http.tls=true} on a real broker: partners reach the REST ingress over
 * HTTPS with a client certificate the hub CA issued (listed in their partner entry) or with their
 * token; the hub calls a partner's webhook over HTTPS, presenting its own certificate to a server
 * that requires one; the admin CLI reaches it with the CA's certificate ({@code --ca-file}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "agency-token-for-tls-tests-only";
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String AUDITOR_TOKEN = "auditor-token-for-tls-tests-only";
    private static final String ADMIN_TOKEN = "admin-token-for-tls-tests-only";

    private Hub hub;
    private HttpsServer clinic;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private X509Certificate authority;
    private CertificateAuthority.PartnerCredential agencyCertificate;
    private CertificateAuthority.PartnerCredential unlistedCertificate;
    private CertificateAuthority.PartnerCredential foreignCertificate;
    private Path auditorToken;
    private Path caFile;
    private final AgencySystem signer = AgencyAndClinic.agency(0, AGENCY_TOKEN);

    /** A webhook call the clinic received: its idempotency key and the subject of the caller's certificate. */
    private record Delivery(String idempotencyKey, String caller) {
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        char[] passphrase = AgencyAndClinic.PASSPHRASE.toCharArray();
        KeyDirectory keys = KeyDirectory.in(data);
        keys.init(passphrase, Clock.systemUTC(), new SecureRandom()); // as './kith keys init' before the first start
        CertificateAuthority ca = keys.authority(passphrase, Clock.systemUTC(), new SecureRandom());
        authority = ca.certificate();
        agencyCertificate = ca.issueWithNewKey(AGENCY, VALIDITY);
        unlistedCertificate = ca.issueWithNewKey(AGENCY, VALIDITY);
        foreignCertificate = CertificateAuthority.create("Not the hub CA", VALIDITY, Clock.systemUTC(), new SecureRandom())
                .issueWithNewKey(AGENCY, VALIDITY);
        clinic = clinicServer(ca.issueHub(List.of("127.0.0.1"), VALIDITY));

        String webhook = "https://127.0.0.1:" + clinic.getAddress().getPort() + "/kith";
        Map<String, String> settings = AgencyAndClinic.hubSettings(dir, AGENCY_TOKEN, webhook,
                KafkaBrokers.Kind.EMBEDDED, getClass().getSimpleName());
        Files.writeString(Path.of(settings.get(HubOption.PARTNERS_FILE.key())), """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s, "certificates": ["%s"]},
                  {"id": "%s", "kind": "mental-health", "webhook": "%s"}
                ]}""".formatted(AGENCY, PartnerRegistry.sha256(AGENCY_TOKEN),
                AgencyAndClinic.publicKeys(AgencyAndClinic.AGENCY_KEY),
                agencyCertificate.certificate().getSerialNumber().toString(16), CLINIC, webhook));
        settings.put(HubOption.HTTP_TLS.key(), "true");
        auditorToken = dir.resolve("auditor.token");
        Files.writeString(auditorToken, AUDITOR_TOKEN + "\n");
        Files.writeString(dir.resolve("users.json"), """
                {"users": [{"id": "audit-ann", "roles": ["auditor"], "tokenSha256": "%s"},
                           {"id": "admin-ada", "roles": ["administrator"], "tokenSha256": "%s"}]}"""
                .formatted(PartnerRegistry.sha256(AUDITOR_TOKEN), PartnerRegistry.sha256(ADMIN_TOKEN)));
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        caFile = keys.path().resolve("ca.cert.pem");
        hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (clinic != null) {
            clinic.stop(0);
        }
    }

    @Test
    void aListedCertificateWithoutATokenPublishesAsItsPartner() throws Exception {
        String id = accepted(publish(withCertificate(agencyCertificate), DemoMessages.profile(AGENCY, "F-700"), null));
        ConsumerRecord<String, String> record = await().atMost(DEADLINE).until(() -> inbound(id), Optional::isPresent)
                .get();
        assertEquals(AGENCY, header(record, "ce_source"));
    }

    @Test
    void aCertificateOfTheHubCaThatIsNotListedIsRefused() throws Exception {
        refused(401, "unknown or revoked certificate", unlistedCertificate, DemoMessages.profile(AGENCY, "F-701"));
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAndNothingIsPublished() throws Exception {
        HttpClient foreign = withCertificate(foreignCertificate);
        int status;
        try {
            status = publish(foreign, DemoMessages.profile(AGENCY, "F-702"), null).statusCode();
        } catch (IOException refusedHandshake) {
            status = -1;
        }
        assertEquals(-1, status, "the TLS handshake is refused, not answered " + status);
        // a message accepted after it is on the topic: had the refused one been written, it would be there too
        String sentinel = accepted(publish(trustingTheHub(), DemoMessages.profile(AGENCY, "F-703"), AGENCY_TOKEN));
        await().atMost(DEADLINE).until(() -> inbound(sentinel), Optional::isPresent);
        assertTrue(TopicReader.readAll(hub.bootstrapServers(), hub.topics().inbound()).stream()
                .noneMatch(r -> "F-702".equals(r.key())), "nothing of the refused request on kith.inbound");
    }

    @Test
    void aTokenOverHttpsStillWorks() throws Exception {
        String id = accepted(publish(trustingTheHub(), DemoMessages.profile(AGENCY, "F-704"), AGENCY_TOKEN));
        assertEquals(AGENCY, header(await().atMost(DEADLINE).until(() -> inbound(id), Optional::isPresent).get(),
                "ce_source"));
    }

    @Test
    void aCertificateCannotPublishAsAnotherPartner() throws Exception {
        refused(403, "source must be your own partner id", agencyCertificate, DemoMessages.profile(CLINIC, "F-705"));
    }

    @Test
    void theWebhookIsCalledOverHttpsWithTheHubsCertificate() throws Exception {
        HttpClient agency = withCertificate(agencyCertificate);
        accepted(publish(agency, DemoMessages.profile(AGENCY, "F-706"), null));
        accepted(publish(agency, DemoMessages.consent(AGENCY, "F-706", "D-706", CLINIC), null));
        String referral = accepted(publish(agency, DemoMessages.referral(AGENCY, "F-706", "R-706", CLINIC), null));
        Delivery delivery = await().atMost(DEADLINE).until(() -> deliveries.stream()
                .filter(d -> referral.equals(d.idempotencyKey())).findFirst(), Optional::isPresent).get();
        assertTrue(delivery.caller().contains("CN=" + CertificateAuthority.HUB_NAME), delivery.caller());
    }

    /**
     * The certificate path of onboarding and revocation: a certificate the administration API issued
     * (on a key pair made by the hub) authenticates its partner over mutual TLS at once; after the
     * partner is revoked, the same certificate is refused.
     */
    @Test
    void aCertificateIssuedThroughTheApiWorksUntilThePartnerIsRevoked() throws Exception {
        String partner = "harbor-recovery";
        HttpClient admin = trustingTheHub();
        assertEquals(200, call(admin, "PUT", "/v1/admin/partners/" + partner, ADMIN_TOKEN,
                "{\"kind\": \"substance-use-treatment\", \"name\": \"Harbor Recovery\"}").statusCode());
        // the registration is written to the config topic; the hub issues credentials once it sees the partner
        await().atMost(DEADLINE).until(() -> call(admin, "GET", "/v1/admin/partners/" + partner, ADMIN_TOKEN, null)
                .statusCode(), status -> status == 200);
        HttpResponse<String> issued = call(admin, "POST", "/v1/admin/partners/" + partner + "/credentials", ADMIN_TOKEN,
                "{\"certificate\": {}}");
        assertEquals(200, issued.statusCode(), issued.body());
        JsonNode certificate = json(issued.body()).path("certificate");
        var credential = new CertificateAuthority.PartnerCredential(
                (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                        certificate.path("certificatePem").asText().getBytes(StandardCharsets.US_ASCII))),
                KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(
                        certificate.path("privateKeyPem").asText().replaceAll("-----[A-Z ]+-----", "")))));
        HttpClient harbor = withCertificate(credential);
        String lookup = ReferralRoutes.REFERRALS + "/F-709/R-709";
        assertEquals(404, await().atMost(DEADLINE).until(() -> call(harbor, "GET", lookup, null, null).statusCode(),
                status -> status != 401), "authenticated by its new certificate alone: no such referral");

        assertEquals(200, call(admin, "POST", "/v1/admin/partners/" + partner + "/revoke", ADMIN_TOKEN, "{}").statusCode());
        HttpResponse<String> refused = await().atMost(DEADLINE).until(() -> call(harbor, "GET", lookup, null, null),
                response -> response.statusCode() == 401);
        assertEquals("unknown or revoked certificate", json(refused.body()).path("detail").asText());
    }

    private HttpResponse<String> call(HttpClient client, String method, String path, String token, String json)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminCliReachesTheHttpsHubWithTheCaFile() {
        StringWriter out = new StringWriter();
        assertEquals(0, admin(out, "partners", "list", "--ca-file", caFile.toString()));
        assertTrue(out.toString().contains(AGENCY), out.toString());
        assertEquals(1, admin(new StringWriter(), "partners", "list"),
                "without --ca-file the hub's certificate is not trusted: unreachable");
    }

    /** {@code kith admin ARGS} as the auditor against the hub's https address; its exit code. */
    private int admin(StringWriter out, String... args) {
        List<String> line = new ArrayList<>(List.of("admin"));
        line.addAll(List.of(args));
        line.addAll(List.of("--url", "https://127.0.0.1:" + hub.httpPort(), "--token-file", auditorToken.toString()));
        return new CommandLine(new KithCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true)).execute(line.toArray(String[]::new));
    }

    private HttpResponse<String> publish(HttpClient client, String event, String token) throws Exception {
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpPort() + RestIngressRoutes.PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", CloudEventCodec.STRUCTURED_JSON)
                .header(KithHeaders.HTTP_SIGNATURE, signer.signature(CloudEventCodec.STRUCTURED_JSON, Map.of(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes {@code event} with {@code credential} and no token, and checks the refusal. */
    private void refused(int status, String detail, CertificateAuthority.PartnerCredential credential, String event)
            throws Exception {
        HttpResponse<String> response = publish(withCertificate(credential), event, null);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(detail, json(response.body()).path("detail").asText());
    }

    private Optional<ConsumerRecord<String, String>> inbound(String messageId) {
        return TopicReader.readAll(hub.bootstrapServers(), hub.topics().inbound()).stream()
                .filter(r -> messageId.equals(header(r, "ce_id"))).findFirst();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private HttpClient trustingTheHub() {
        return HttpClient.newBuilder().sslContext(HubTls.trusting(authority)).build();
    }

    /** A client presenting {@code credential} whatever authorities the server names, trusting the hub CA. */
    private HttpClient withCertificate(CertificateAuthority.PartnerCredential credential) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new FixedKeyManager(credential.certificate(), credential.privateKey())},
                trustManagers(authority), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(X509Certificate trusted) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", trusted);
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** The clinic's webhook over HTTPS with a certificate of the hub CA, requiring a client certificate of the hub CA. */
    private HttpsServer clinicServer(CertificateAuthority.HubIdentity identity) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new FixedKeyManager(identity.certificate(), identity.privateKey())},
                trustManagers(authority), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                var ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/kith", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                X509Certificate caller = (X509Certificate) ((HttpsExchange) exchange).getSSLSession()
                        .getPeerCertificates()[0];
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        caller.getSubjectX500Principal().getName()));
                exchange.sendResponseHeaders(204, -1);
            } catch (SSLPeerUnverifiedException e) {
                exchange.sendResponseHeaders(401, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    /** Presents one certificate, whatever authorities the peer asks for (so the server's own check is what is tested). */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "only";
        private final X509Certificate certificate;
        private final PrivateKey key;

        FixedKeyManager(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "EC".equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return "EC".equals(keyType) ? ALIAS : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
