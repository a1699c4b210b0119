package org.kith.hub.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.kith.schemas.Json;

/**
 * The hub's public keys as a JSON Web Key Set (RFC 7517) of Ed25519 keys (RFC 8037):
 * {@code {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"...","x":"...","use":"sig","alg":"EdDSA"}]}}.
 * A retired key carries one more member, {@code "retiredAt"} (RFC 3339 instant), so that a partner
 * applies the same rule as the hub: no signature dated after it. Parsing ignores keys of other
 * types (RFC 7517 section 5) and refuses a key whose {@code kid} is not the one derived from its
 * {@code x}, so a published set cannot name one key with another's id.
 */
public final class Jwks {

    private Jwks() {
    }

    public static String write(PublicKeys keys) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode array = document.putArray("keys");
        for (VerificationKey key : keys.all()) {
            ObjectNode jwk = array.addObject();
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("kid", key.kid());
            jwk.put("x", Digests.base64Url(key.raw()));
            jwk.put("use", "sig");
            jwk.put("alg", DetachedJws.ALG);
            key.retiredAt().ifPresent(at -> jwk.put("retiredAt", at.toString()));
        }
        return new String(Jcs.canonicalize(document), StandardCharsets.UTF_8);
    }

    public static PublicKeys parse(String json) {
        JsonNode document;
        try {
            document = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the key set is not well-formed JSON", e);
        }
        if (document == null || !document.path("keys").isArray()) {
            throw new IllegalArgumentException("the key set has no \"keys\" array");
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (JsonNode jwk : document.get("keys")) {
            if (!"OKP".equals(jwk.path("kty").textValue()) || !"Ed25519".equals(jwk.path("crv").textValue())) {
                continue;
            }
            VerificationKey key;
            try {
                key = VerificationKey.of(Digests.unbase64Url(jwk.path("x").asText()));
                if (jwk.hasNonNull("retiredAt")) {
                    key = key.retiredAt(Instant.parse(jwk.get("retiredAt").asText()));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("a key in the set has a bad \"x\" or \"retiredAt\"", e);
            }
            if (!key.kid().equals(jwk.path("kid").textValue())) {
                throw new IllegalArgumentException("key " + key.kid() + " is published under another kid");
            }
            keys.add(key);
        }
        return PublicKeys.of(keys);
    }
}
