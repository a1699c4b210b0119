package org.kith.connectors.webhook;

/**
 * Signs a webhook delivery's body as the hub: the detached JWS that goes in {@code Kith-Signature}.
 * The hub supplies it with its active key; the connectors hold no key and no cryptography.
 */
@FunctionalInterface
public interface BodySigner {

    /** The detached JWS over exactly {@code body}, the bytes the webhook request carries. */
    String sign(byte[] body);
}
