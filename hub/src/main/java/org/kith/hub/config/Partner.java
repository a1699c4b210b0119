package org.kith.hub.config;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.crypto.PublicKeys;
import org.kith.schemas.PartnerKind;

/**
 * An organisation connected to the hub.
 *
 * @param tokenSha256 hex SHA-256 of the partner's API token; the token itself is never stored
 * @param webhook     where released messages are POSTed, if the partner receives by webhook
 * @param publicKeys  the Ed25519 keys the partner signs its messages with, retired ones included
 *                    (with the instant each was retired); empty if it has registered none
 * @param contact     whom at the partner to call about its connection (an organisational address)
 * @param certificates serial numbers (lower-case hex) of the client certificates the hub CA issued it
 *                    that are in force: a certificate not listed here is refused even if the CA signed it
 * @param revokedAt   when its access was revoked: a revoked partner keeps its id and history, but
 *                    every edge and the core treat it as no partner at all
 * @param sftp        the partner's SFTP location ({@code sftp://user@host:port/path}) the hub polls for
 *                    batch files besides its local drop, if it exchanges them that way
 * @param format      how its webhook receives referrals and their statuses: Kith JSON, or FHIR R4
 */
public record Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook,
                      PublicKeys publicKeys, Optional<String> contact, Set<String> certificates,
                      Optional<Instant> revokedAt, Optional<URI> sftp, Format format) {

    /**
     * What a partner's webhook is sent: {@code kith-json}, the CloudEvent as released; or {@code fhir-r4},
     * a referral as a FHIR transaction Bundle and a referral status as a FHIR Task (what FHIR cannot
     * carry still goes as Kith JSON, see {@code docs/fhir.md}).
     */
    public enum Format {
        KITH_JSON("kith-json"), FHIR_R4("fhir-r4");

        private final String code;

        Format(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Format fromCode(String code) {
            for (Format format : values()) {
                if (format.code.equals(code)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("format must be kith-json or fhir-r4");
        }
    }

    /** A partner that receives Kith JSON. */
    public Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook,
                   PublicKeys publicKeys, Optional<String> contact, Set<String> certificates,
                   Optional<Instant> revokedAt, Optional<URI> sftp) {
        this(id, kind, name, tokenSha256, webhook, publicKeys, contact, certificates, revokedAt, sftp, Format.KITH_JSON);
    }

    /** What a partner id looks like; also what a user's agency scope names. */
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

    public Partner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind of partner " + id);
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("partner id must be lower-case letters, digits and '-': '" + id + "'");
        }
        if (tokenSha256 != null && !tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tokenSha256 of partner " + id + " is not a hex SHA-256");
        }
        webhook = webhook == null ? Optional.empty() : webhook;
        publicKeys = publicKeys == null ? PublicKeys.of() : publicKeys;
        contact = contact == null ? Optional.empty() : contact;
        certificates = certificates == null ? Set.of() : Set.copyOf(certificates);
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
        sftp = sftp == null ? Optional.empty() : sftp;
        format = format == null ? Format.KITH_JSON : format;
        sftp.ifPresent(uri -> {
            if (!"sftp".equals(uri.getScheme()) || uri.getRawUserInfo() == null || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawUserInfo().contains(":")) {
                throw new IllegalArgumentException("sftp of partner " + id + " must be sftp://user@host:port/path"
                        + " (no password, no query)");
            }
        });
        for (String serial : certificates) {
            if (!serial.matches("[0-9a-f]{1,40}")) {
                throw new IllegalArgumentException("certificate serial of partner " + id + " is not lower-case hex");
            }
        }
        webhook.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("webhook of partner " + id + " must be http or https");
            }
        });
    }

    /** A partner without contact, client certificates, revocation or SFTP location. */
    public Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook,
                   PublicKeys publicKeys) {
        this(id, kind, name, tokenSha256, webhook, publicKeys, Optional.empty(), Set.of(), Optional.empty(),
                Optional.empty());
    }

    /** This partner with new credentials: the token hash (null: none) and the certificate serials in force. */
    public Partner withCredentials(String newTokenSha256, Set<String> newCertificates) {
        return new Partner(id, kind, name, newTokenSha256, webhook, publicKeys, contact, newCertificates, revokedAt, sftp, format);
    }

    /** This partner revoked at {@code at} (or when it was already): no token, no certificate in force. */
    public Partner revokedAt(Instant at) {
        return new Partner(id, kind, name, null, webhook, publicKeys, contact, Set.of(),
                Optional.of(revokedAt.orElse(at)), sftp, format);
    }

    /** Whether its access was revoked. */
    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** Whether a client certificate with this serial number is in force for this partner. */
    public boolean holdsCertificate(BigInteger serial) {
        return !revoked() && certificates.contains(serial.toString(16));
    }

    /** A partner that has registered no signing keys. */
    public Partner(String id, PartnerKind kind, String name, String tokenSha256, Optional<URI> webhook) {
        this(id, kind, name, tokenSha256, webhook, PublicKeys.of());
    }
}
