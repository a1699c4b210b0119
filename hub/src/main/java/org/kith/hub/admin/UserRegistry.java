package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kith.hub.config.PartnerRegistry;
import org.kith.schemas.Json;

/**
 * The users of the administration API, read from the users file. Like the partner registry it
 * answers who a token belongs to by its SHA-256. No file means no users: every administration
 * request is refused (fail closed).
 */
public final class UserRegistry {

    private final Map<String, User> byTokenHash = new LinkedHashMap<>();

    public UserRegistry(Collection<User> users) {
        Set<String> ids = new java.util.HashSet<>();
        for (User user : users) {
            if (!ids.add(user.id())) {
                throw new IllegalArgumentException("user " + user.id() + " is registered twice");
            }
            if (byTokenHash.put(user.tokenSha256(), user) != null) {
                throw new IllegalArgumentException("user " + user.id() + " shares a token with another user");
            }
        }
    }

    /** Reads {@code {"users": [{"id", "roles": [...], "tokenSha256"}, ...]}}; a missing file is no users. */
    public static UserRegistry load(Path file) {
        if (!Files.exists(file)) {
            return new UserRegistry(List.of());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
        List<User> users = new ArrayList<>();
        for (JsonNode node : root.path("users")) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            node.path("roles").forEach(r -> roles.add(Role.fromCode(r.asText())));
            users.add(new User(node.path("id").asText(null), roles, node.path("tokenSha256").asText(null)));
        }
        return new UserRegistry(users);
    }

    /** The user a presented token was issued to, or empty for an unknown, revoked or malformed token. */
    public Optional<User> userForToken(String token) {
        return Optional.ofNullable(byTokenHash.get(PartnerRegistry.sha256(token)));
    }
}
