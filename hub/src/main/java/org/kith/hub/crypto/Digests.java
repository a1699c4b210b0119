package org.kith.hub.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 and the two text forms Kith writes bytes in: lower-case hex (ledger hashes, readable in
 * a terminal) and unpadded base64url (JOSE, RFC 7515 section 2). Decoding is strict: padding, the
 * standard alphabet or upper-case hex are refused, so one value has exactly one text form.
 */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Digests() {
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    /** A fresh SHA-256 digest (MessageDigest is not thread-safe; one per use or per thread). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Lower-case hex to bytes; anything else is an {@link IllegalArgumentException}. */
    public static byte[] unhex(String hex) {
        if (!isHex(hex)) {
            throw new IllegalArgumentException("not lower-case hex");
        }
        return HEX.parseHex(hex);
    }

    /** Whether {@code text} is lower-case hex of whole bytes. */
    public static boolean isHex(String text) {
        if (text.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    /** Unpadded base64url to bytes; padding or other alphabets are an {@link IllegalArgumentException}. */
    public static byte[] unbase64Url(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("not unpadded base64url");
            }
        }
        return B64URL_DECODER.decode(text);
    }
}
