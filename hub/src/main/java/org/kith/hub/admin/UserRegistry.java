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
 * answers who an opaque token belongs to by its SHA-256. No file means no users: every such token is
 * refused (fail closed).
 */
public final class UserRegistry implements Authenticator {

    private final Map<String, User> byTokenHash = new LinkedHashMap<>();

    public UserRegistry(Collection<User> users) {
        Set<String> ids = new java.util.HashSet<>();
        for (User user : users) {
            if (!ids.add(user.id())) {
                throw new IllegalArgumentException("user " + user.id() + " is registered twice");
            }
            String hash = user.tokenSha256()
                    .orElseThrow(() -> new IllegalArgumentException("user " + user.id() + " has no tokenSha256"));
            if (byTokenHash.put(hash, user) != null) {
                throw new IllegalArgumentException("user " + user.id() + " shares a token with another user");
            }
        }
    }

    /**
     * Reads {@code {"users": [{"id", "roles": [...], "tokenSha256", "agencies": [...]}, ...]}} ({@code agencies}
     * optional: without it the user is unscoped); a missing file is no users.
     */
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
            Set<String> agencies = new java.util.HashSet<>();
            JsonNode scope = node.path("agencies");
            if (!scope.isMissingNode() && (!scope.isArray() || scope.isEmpty())) {
                // an empty or mistyped scope read as "every family" would fail open
                throw new IllegalArgumentException("user " + node.path("id").asText() + " in " + file
                        + ": agencies must be a non-empty array of partner ids (leave it out for every family)");
            }
            scope.forEach(a -> agencies.add(a.asText()));
            users.add(new User(node.path("id").asText(null), roles,
                    Optional.ofNullable(node.path("tokenSha256").asText(null)), agencies));
        }
        return new UserRegistry(users);
    }

    /** The user a presented token was issued to, or empty for an unknown, revoked or malformed token. */
    @Override
    public Optional<User> authenticate(String token) {
        return Optional.ofNullable(byTokenHash.get(PartnerRegistry.sha256(token)));
    }
}
