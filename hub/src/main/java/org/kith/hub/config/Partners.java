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

    /** A partner in good standing: a revoked partner is not found (so it neither sends nor receives). */
    Optional<Partner> find(String partnerId);

    /** Every partner in good standing. */
    Collection<Partner> all();

    /** The partner's entry whether revoked or not: for its administration and history only. */
    Optional<Partner> registration(String partnerId);

    /** Every entry, revoked ones included: for administration only. */
    Collection<Partner> registrations();
}
