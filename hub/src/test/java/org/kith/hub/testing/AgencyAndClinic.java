package org.kith.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;

/**
 * The smallest partnership the flow tests need: a child welfare agency with an API token and a
 * registered signing key, and a counseling clinic with a webhook, under one data-sharing agreement.
 */
public final class AgencyAndClinic {

    public static final String AGENCY = "county-cw";
    public static final String CLINIC = "riverside-clinic";
    /** The passphrase of the signing keys of the hubs the tests start (each in its own data directory). */
    public static final String PASSPHRASE = "test-only passphrase";
    /** The agency's signing key, registered in the partners file {@link #write} writes. */
    public static final SigningKey AGENCY_KEY = keyOf(AGENCY);

    private AgencyAndClinic() {
    }

    /** A partner's signing key for tests, derived from its id: fixed, so failures reproduce; never a real key. */
    public static SigningKey keyOf(String partnerId) {
        return SigningKey.fromSeed(Digests.sha256(("kith test key " + partnerId).getBytes(StandardCharsets.UTF_8)));
    }

    /** A partner's public key as its partners file entry carries it ({@code "publicKeys"}): a JWKS. */
    public static String publicKeys(SigningKey key) {
        return Jwks.write(PublicKeys.of(key.publicKey()));
    }

    /** The agency's system on a hub: its token, the key {@link #write} registers, the system clock. */
    public static AgencySystem agency(int hubPort, String agencyToken) {
        return new AgencySystem(hubPort, agencyToken, AGENCY_KEY, Clock.systemUTC());
    }

    /**
     * The settings of a hub for this partnership on {@code broker}: the files {@link #write} writes,
     * its own topic prefix (named after {@code test}), three partitions, data under {@code dir} and
     * any free HTTP port. The map is mutable, for a test to add its own.
     */
    public static Map<String, String> hubSettings(Path dir, String agencyToken, String clinicWebhook,
                                                  KafkaBrokers.Kind broker, String test) {
        Map<String, String> settings = write(dir, agencyToken, clinicWebhook);
        settings.putAll(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(broker),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix(test),
                HubOption.TOPIC_PARTITIONS.key(), "3",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.HTTP_PORT.key(), "0"));
        return settings;
    }

    /** Writes the partner registry and the partnership file into {@code dir}; returns the settings naming them. */
    public static Map<String, String> write(Path dir, String agencyToken, String clinicWebhook) {
        Path partners = dir.resolve("partners.json");
        Path partnership = dir.resolve("partnership.json");
        try {
            Files.writeString(partners, """
                    {"partners": [
                      {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                      {"id": "%s", "kind": "mental-health", "webhook": "%s"}
                    ]}""".formatted(AGENCY, PartnerRegistry.sha256(agencyToken), publicKeys(AGENCY_KEY), CLINIC,
                    clinicWebhook));
            Files.writeString(partnership, DemoMessages.partnership(AGENCY, CLINIC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put(HubOption.PARTNERS_FILE.key(), partners.toString());
        settings.put(HubOption.CONFIG_FILE.key(), partnership.toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), PASSPHRASE);
        return settings;
    }
}
