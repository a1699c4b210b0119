package org.kith.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;

/**
 * The smallest partnership the flow tests need: a child welfare agency with an API token and a
 * counseling clinic with a webhook, under one data-sharing agreement.
 */
public final class AgencyAndClinic {

    public static final String AGENCY = "county-cw";
    public static final String CLINIC = "riverside-clinic";

    private AgencyAndClinic() {
    }

    /** Writes the partner registry and the partnership file into {@code dir}; returns the settings naming them. */
    /** The passphrase of the signing keys of the hubs the tests start (each in its own data directory). */
    public static final String PASSPHRASE = "test-only passphrase";

    public static Map<String, String> write(Path dir, String agencyToken, String clinicWebhook) {
        Path partners = dir.resolve("partners.json");
        Path partnership = dir.resolve("partnership.json");
        try {
            Files.writeString(partners, """
                    {"partners": [
                      {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s"},
                      {"id": "%s", "kind": "mental-health", "webhook": "%s"}
                    ]}""".formatted(AGENCY, PartnerRegistry.sha256(agencyToken), CLINIC, clinicWebhook));
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
