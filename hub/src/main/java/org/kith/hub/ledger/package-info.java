/**
 * The tamper-evident ledger as pure logic (no Kafka): what the enforcement core writes to
 * {@code kith.ledger}, and how anyone checks it.
 *
 * <ul>
 *   <li>{@link org.kith.hub.ledger.LedgerRecord}: one JSON line per decision, delivery, refusal,
 *       admin change or recorded directive ({@link org.kith.hub.ledger.LedgerEvent}), never message
 *       data; {@code hash} = SHA-256 of its RFC 8785 canonical form without {@code hash};
 *       {@code prev} = the previous record's hash, per chain (one chain per partition).</li>
 *   <li>{@link org.kith.hub.ledger.HashChain}: appends records and, after at most N records or T of
 *       time, a checkpoint record: the RFC 6962 Merkle root ({@link org.kith.hub.ledger.MerkleTree})
 *       of the records since the previous checkpoint, that checkpoint's hash, and a detached JWS by
 *       the hub key; a {@link org.kith.hub.ledger.TimestampHook} may add an RFC 3161 token.</li>
 *   <li>{@link org.kith.hub.ledger.LedgerVerifier}: names the first bad record and why
 *       ({@link org.kith.hub.ledger.LedgerFault}); records after the last checkpoint are reported as
 *       unsealed, and truncation before a known checkpoint is caught with an anchor.</li>
 *   <li>{@link org.kith.hub.ledger.InclusionProof}: one record, its audit path and the signed
 *       checkpoint, checkable alone.</li>
 * </ul>
 */
package org.kith.hub.ledger;
