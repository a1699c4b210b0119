/**
 * The hub's cryptography, the only package that uses Bouncy Castle (ArchitectureTest says so).
 *
 * <h2>Keys</h2>
 * The hub signs with Ed25519 ({@link org.kith.hub.crypto.SigningKey}, Bouncy Castle's lightweight
 * API). A key id is base64url(SHA-256(raw public key)[0..16]), 22 characters. A
 * {@link org.kith.hub.crypto.KeyRing} holds the active key and every retired public key with its
 * retirement instant; a signature whose stated signing time is after its key's retirement is
 * refused ({@code retired-key}), one made before verifies for ever. Files:
 * {@link org.kith.hub.crypto.KeyDirectory}. Partner client certificates come from the hub's
 * ECDSA P-256 {@link org.kith.hub.crypto.CertificateAuthority} (P-256 because every TLS stack
 * accepts it).
 *
 * <h2>What a message signature covers</h2>
 * A detached JWS (RFC 7515, unencoded payload per RFC 7797: {@code b64:false}, {@code crit:["b64"]},
 * {@code alg:"EdDSA"}, {@code kid}, {@code iat}; see {@link org.kith.hub.crypto.DetachedJws}) in the
 * {@code Kith-Signature} header (HTTP) or record header (Kafka). Its payload, the bytes signed, is
 * defined by {@link org.kith.hub.crypto.SigningInput}:
 * <ul>
 *   <li><b>Structured mode</b> ({@code application/cloudevents+json}): the body exactly as sent,
 *       byte for byte. The envelope is inside the body, so it is covered.</li>
 *   <li><b>Binary mode</b> (attributes in {@code ce-} HTTP headers or {@code ce_} Kafka headers, the
 *       data as the body or value): {@code JCS(A) || 0x0A || body}, where {@code A} is the JSON
 *       object mapping each attribute (the header name without its prefix, lower-cased) to the
 *       header value as transmitted (after trimming surrounding white space, not percent-decoded),
 *       plus {@code datacontenttype} from {@code Content-Type} ({@code content-type} in Kafka);
 *       {@code JCS} is RFC 8785 ({@link org.kith.hub.crypto.Jcs}). Every {@code ce-} header is
 *       included: a header added in transit breaks the signature. The body is not canonicalised:
 *       it is signed as sent, so it is verified before it is parsed.</li>
 * </ul>
 * A receiver verifies the signature over these raw bytes first, then checks freshness (the signed
 * time within the replay window, the sender's event id not used before: the hub's ingress does both)
 * and only then parses the data. A partner checks the hub's deliveries with
 * {@link org.kith.hub.crypto.Verifier} and the hub's {@link org.kith.hub.crypto.Jwks} key set.
 */
package org.kith.hub.crypto;
