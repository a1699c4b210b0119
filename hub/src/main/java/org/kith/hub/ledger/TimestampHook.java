package org.kith.hub.ledger;

import java.util.Optional;

/**
 * Where an RFC 3161 time-stamping authority can vouch for a checkpoint: given the checkpoint's
 * signed bytes, return a DER TimeStampToken over them (its message imprint being their SHA-256),
 * stored base64url in the checkpoint's {@code timestamp}. It proves the checkpoint existed at that
 * time even if the hub key is later compromised. Kith ships no TSA client; {@link #NONE} is the
 * default. The token is not part of the signed bytes but is covered by the checkpoint's record hash.
 */
@FunctionalInterface
public interface TimestampHook {

    TimestampHook NONE = signedBytes -> Optional.empty();

    Optional<byte[]> timestamp(byte[] signedBytes);
}
