package org.kith.hub.config;

import java.util.Collection;
import java.util.Optional;
import org.kith.connectors.rest.PartnerCredentials;

/**
 * The partners registered now: those of the partners file and those the administration API
 * registered since, minus those it removed. Every lookup reads the current registration, so a
 * change takes effect on every instance without a restart.
 */
public interface Partners extends PartnerCredentials {

    Optional<Partner> find(String partnerId);

    Collection<Partner> all();
}
