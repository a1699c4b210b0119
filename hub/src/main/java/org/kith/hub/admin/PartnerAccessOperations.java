package org.kith.hub.admin;

import org.kith.connectors.api.Body;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Partners;
import org.kith.hub.crypto.PartnerCertificates;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigCodec;
import org.kith.schemas.Violation;

/**
 * A partner's credentials: issued by an administrator, all revoked at once.
 *
 * <p>{@code POST /v1/admin/partners/{id}/credentials} issues what the body asks for: {@code "token":
 * true} a new API token (it replaces the old one; only its SHA-256 is kept), {@code "certificate":
 * {"publicKey": PEM}} a client certificate from the hub CA on the partner's own key, or {@code
 * "certificate": {}} on a key pair made here, and {@code "kafka": true} a Kafka user with the
 * partner's ACLs. Secrets are in this answer only ({@code Cache-Control: no-store}); the ledger and
 * the history show that they were issued, never what they are.
 *
 * <p>{@code POST /v1/admin/partners/{id}/revoke} cuts every path at once: the Kafka user and ACLs
 * go first, then the partner's entry is marked revoked with no token and no certificate in force
 * (so no instance authenticates it, finds it as sender or recipient, or delivers to it), then its
 * certificates are added to the CA's revocation list. The entry is the decisive step: a failure
 * before it leaves the partner in, and the administrator revokes again.
 */
public final class PartnerAccessOperations {

    /** The broker side of a partner's access: its Kafka user and ACLs. */
    public interface KafkaGrants {
        /** A new password for the partner's Kafka user and its ACLs: username, password, mechanism, bootstrap. */
        Map<String, String> grant(String partnerId);

        /** Deletes the partner's Kafka user and every ACL of its principal; nothing to delete is no error. */
        void revoke(String partnerId);
    }

    private static final String TOKEN_PREFIX = "kith_pt_";

    private final Partners partners;
    private final ChangeWriter writer;
    private final Optional<PartnerCertificates> certificates;
    private final Optional<KafkaGrants> kafka;
    private final Clock clock;
    private final int maxBytes;
    private final SecureRandom random = new SecureRandom();

    PartnerAccessOperations(Partners partners, ChangeWriter writer, Optional<PartnerCertificates> certificates,
                            Optional<KafkaGrants> kafka, Clock clock, int maxBytes) {
        this.partners = partners;
        this.writer = writer;
        this.certificates = certificates;
        this.kafka = kafka;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    List<AdminOperation> operations() {
        Set<Role> administrators = Set.of(Role.ADMINISTRATOR);
        return List.of(
                AdminOperation.post(PartnerOperations.PARTNERS + "/{id}/credentials", administrators, this::issue)
                        .summary("Issue credentials: a new API token (replaces the old one), a client certificate from"
                                + " the hub CA (on the partner's public key, or on a key pair made here), a Kafka user"
                                + " with the partner's ACLs. Secrets are in this answer only.")
                        .parameter(AdminApi.PARTNER_ID)
                        .body(Body.json(Schemas.json("""
                                {"type": "object", "properties": {
                                  "token": {"type": "boolean"},
                                  "certificate": {"type": "object", "properties": {"publicKey": {"type": "string",
                                    "description": "PEM SubjectPublicKeyInfo; leave out for a key pair made by the hub"}}},
                                  "kafka": {"type": "boolean"}}}""")))
                        .responds(200, Response.json("What was issued: token, certificate (serial, notAfter,"
                                + " certificatePem, privateKeyPem when made here, authorityPem), kafka (username,"
                                + " password, mechanism, bootstrap)", Schemas.object()))
                        .responds(404, Response.problem("No such partner"))
                        .responds(409, Response.problem("The partner is revoked, or this hub cannot issue what was"
                                + " asked"))
                        .responds(422, Response.problem("Invalid: nothing was issued")),
                AdminOperation.post(PartnerOperations.PARTNERS + "/{id}/revoke", administrators, this::revoke)
                        .summary("Revoke every credential at once: Kafka user and ACLs deleted, token and certificates"
                                + " no longer in force on any instance, certificates added to the CA's revocation list;"
                                + " the partner neither sends nor receives")
                        .parameter(AdminApi.PARTNER_ID)
                        .responds(200, Response.json("The partner as now registered (revokedAt set)", Schemas.object()))
                        .responds(404, Response.problem("No such partner")));
    }

    private void issue(Exchange exchange) throws Exception {
        Partner partner = PartnerOperations.registered(partners, PartnerOperations.id(exchange));
        if (partner.revoked()) {
            throw new ProblemException(Problem.of(409, "revoked", "Partner revoked",
                    "register the partner again (PUT) before issuing it credentials"));
        }
        JsonNode body = ConfigOperations.body(exchange, maxBytes);
        boolean token = body.path("token").asBoolean(false);
        JsonNode certificate = body.get("certificate");
        boolean kafkaUser = body.path("kafka").asBoolean(false);
        if (!token && certificate == null && !kafkaUser) {
            throw ConfigAdmin.invalid(List.of(new Violation("", "ask for a token, a certificate or kafka")));
        }
        if (certificate != null && (!certificate.isObject()
                || certificate.has("publicKey") && !certificate.get("publicKey").isTextual())) {
            throw ConfigAdmin.invalid(List.of(new Violation("/certificate",
                    "an object, with the partner's PEM public key in publicKey or empty for a key pair made here")));
        }
        if (certificate != null && certificates.isEmpty()) {
            throw unavailable("this hub has no certificate authority unlocked");
        }
        if (kafkaUser && kafka.isEmpty()) {
            throw unavailable("partners do not connect to this hub's Kafka (kith.kafka.partner.port is not set)");
        }

        Map<String, Object> issued = new LinkedHashMap<>();
        issued.put("partner", partner.id());
        String tokenHash = partner.tokenSha256();
        if (token) {
            String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
            tokenHash = PartnerRegistry.sha256(secret);
            issued.put("token", secret);
        }
        Set<String> serials = new HashSet<>(partner.certificates());
        if (certificate != null) {
            PartnerCertificates.Issued cert;
            try {
                cert = certificates.get().issue(partner.id(),
                        Optional.ofNullable(certificate.path("publicKey").textValue()));
            } catch (IllegalArgumentException e) {
                throw ConfigAdmin.invalid(List.of(new Violation("/certificate/publicKey",
                        "must be a PEM public key of a type the hub CA certifies")));
            }
            serials.add(cert.serial().toString(16));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("serial", cert.serial().toString(16));
            view.put("notAfter", cert.notAfter().toString());
            view.put("certificatePem", cert.certificatePem());
            cert.privateKeyPem().ifPresent(key -> view.put("privateKeyPem", key));
            view.put("authorityPem", cert.authorityPem());
            issued.put("certificate", view);
        }
        if (kafkaUser) {
            issued.put("kafka", kafka.get().grant(partner.id()));
        }
        Partner after = partner.withCredentials(tokenHash, serials);
        write(exchange, partner, after, "partner-credentials");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        HttpReply.json(exchange, 200, issued);
    }

    private void revoke(Exchange exchange) throws Exception {
        Partner partner = PartnerOperations.registered(partners, PartnerOperations.id(exchange));
        kafka.ifPresent(grants -> grants.revoke(partner.id()));
        Partner after = partner.revokedAt(clock.instant());
        write(exchange, partner, after, "partner-revoke");
        certificates.ifPresent(ca -> ca.revoke(partner.certificates().stream()
                .map(serial -> new BigInteger(serial, 16)).toList()));
        HttpReply.json(exchange, 200, PartnerOperations.view(after));
    }

    private void write(Exchange exchange, Partner before, Partner after, String action) {
        writer.write(List.of(new ChangeWriter.Put(ConfigCodec.PARTNER + after.id(), PartnerRegistry.entry(after))),
                List.of(new LedgerEvent.AdminChange(ConfigOperations.user(exchange), action, "partner", after.id(),
                        PartnerOperations.entry(before), PartnerOperations.entry(after), null)));
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(409, "not-configured", "Not available on this hub", detail));
    }
}
