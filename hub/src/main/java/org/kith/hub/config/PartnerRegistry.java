package org.kith.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.crypto.CertificateAuthority;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.PublicKeys;
import org.kith.schemas.Json;
import org.kith.schemas.PartnerKind;

/**
 * A fixed set of partners, such as the partners file holds. Answers who a token belongs to by its
 * SHA-256, so the file never holds a usable credential.
 */
public final class PartnerRegistry implements Partners {

    /** GeneralName tag of a URI in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int URI_NAME = 6;

    private final Map<String, Partner> registered = new LinkedHashMap<>();
    private final Map<String, Partner> byId = new LinkedHashMap<>();
    private final Map<String, Partner> byTokenHash = new LinkedHashMap<>();

    /** @param partners every registration, revoked ones included (they are kept out of every lookup but {@link #registration}) */
    public PartnerRegistry(Collection<Partner> partners) {
        for (Partner partner : partners) {
            if (registered.put(partner.id(), partner) != null) {
                throw new IllegalArgumentException("partner " + partner.id() + " is registered twice");
            }
            if (partner.revoked()) {
                continue;
            }
            byId.put(partner.id(), partner);
            if (partner.tokenSha256() != null && byTokenHash.put(partner.tokenSha256(), partner) != null) {
                throw new IllegalArgumentException("partner " + partner.id() + " shares a token with another partner");
            }
        }
    }

    /**
     * Reads {@code {"partners": [{"id", "kind", "name", "contact", "tokenSha256", "webhook", "publicKeys",
     * "certificates", "revokedAt", "sftp", "format"}, ...]}};
     * {@code publicKeys} is a JWKS of the partner's Ed25519 signing keys (RFC 8037, see {@link Jwks}).
     */
    public static PartnerRegistry load(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the partners file " + file, e);
        }
        List<Partner> partners = new ArrayList<>();
        for (JsonNode node : root.path("partners")) {
            partners.add(partner(node));
        }
        return new PartnerRegistry(partners);
    }

    /**
     * One partner's entry, {@code {"id", "kind", "name", "contact", "tokenSha256", "webhook", "publicKeys",
     * "certificates", "revokedAt", "sftp", "format"}}, as
     * the partners file and the administration API write it; throws {@link IllegalArgumentException}
     * naming what is wrong.
     */
    public static Partner partner(JsonNode node) {
        String webhook = node.path("webhook").asText(null);
        String id = node.path("id").asText(null);
        try {
            return new Partner(id,
                    node.hasNonNull("kind") ? PartnerKind.fromCode(node.get("kind").asText()) : null,
                    node.path("name").asText(null),
                    node.path("tokenSha256").asText(null),
                    Optional.ofNullable(webhook).map(URI::create),
                    publicKeys(id, node.get("publicKeys")),
                    Optional.ofNullable(node.path("contact").asText(null)),
                    certificates(node.path("certificates")),
                    Optional.ofNullable(node.path("revokedAt").asText(null)).map(Instant::parse),
                    Optional.ofNullable(node.path("sftp").asText(null)).map(URI::create),
                    node.hasNonNull("format") ? Partner.Format.fromCode(node.get("format").asText()) : null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("revokedAt of partner " + id + " is not an instant", e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("a partner needs " + e.getMessage(), e);
        }
    }

    /** The entry {@link #partner(JsonNode)} reads back as {@code partner}: what the config topic holds of it. */
    public static ObjectNode entry(Partner partner) {
        ObjectNode entry = Json.mapper().createObjectNode()
                .put("id", partner.id())
                .put("kind", partner.kind().code())
                .put("name", partner.name());
        partner.contact().ifPresent(contact -> entry.put("contact", contact));
        if (partner.tokenSha256() != null) {
            entry.put("tokenSha256", partner.tokenSha256());
        }
        partner.webhook().ifPresent(url -> entry.put("webhook", url.toString()));
        if (!partner.publicKeys().all().isEmpty()) {
            try {
                entry.set("publicKeys", Json.mapper().readTree(Jwks.write(partner.publicKeys())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        partner.certificates().stream().sorted().forEach(entry.putArray("certificates")::add);
        partner.revokedAt().ifPresent(at -> entry.put("revokedAt", at.toString()));
        partner.sftp().ifPresent(location -> entry.put("sftp", location.toString()));
        if (partner.format() != Partner.Format.KITH_JSON) {
            entry.put("format", partner.format().code());
        }
        return entry;
    }

    private static Set<String> certificates(JsonNode serials) {
        Set<String> set = new LinkedHashSet<>();
        serials.forEach(serial -> set.add(serial.asText()));
        return set;
    }

    private static PublicKeys publicKeys(String partnerId, JsonNode jwks) {
        if (jwks == null || jwks.isNull()) {
            return PublicKeys.of();
        }
        try {
            return Jwks.parse(jwks.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKeys of partner " + partnerId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Partner> find(String partnerId) {
        return Optional.ofNullable(byId.get(partnerId));
    }

    @Override
    public Collection<Partner> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<Partner> registration(String partnerId) {
        return Optional.ofNullable(registered.get(partnerId));
    }

    @Override
    public Collection<Partner> registrations() {
        return List.copyOf(registered.values());
    }

    @Override
    public Optional<String> partnerForToken(String token) {
        return Optional.ofNullable(byTokenHash.get(sha256(token))).map(Partner::id);
    }

    /**
     * The partner named by the certificate's subject alternative name {@code URI:urn:kith:partner:<id>}
     * (exactly one such name), if that partner is in good standing and holds the certificate's serial.
     */
    @Override
    public Optional<String> partnerForCertificate(X509Certificate certificate) {
        return partnerNamedBy(certificate).flatMap(this::find)
                .filter(partner -> partner.holdsCertificate(certificate.getSerialNumber())).map(Partner::id);
    }

    /** The partner id in a certificate's {@code urn:kith:partner:} URI name, if it has exactly one. */
    static Optional<String> partnerNamedBy(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<String> partners = names.stream()
                .filter(name -> name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0)))
                .map(name -> String.valueOf(name.get(1)))
                .filter(uri -> uri.startsWith(CertificateAuthority.PARTNER_URN)).map(uri -> uri.substring(CertificateAuthority.PARTNER_URN.length())).toList();
        return partners.size() == 1 ? Optional.of(partners.get(0)) : Optional.empty();
    }

    /** Hex SHA-256 of a token, the form the partners file stores. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
