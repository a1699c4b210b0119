package org.kith.hub.crypto;

/**
 * A key file that cannot be used: missing, damaged, or a wrong passphrase. Permanent (retrying the
 * same passphrase does not help); the message names the file, never a passphrase or key material.
 */
public final class KeyFileException extends RuntimeException {

    public KeyFileException(String message) {
        super(message);
    }
}
