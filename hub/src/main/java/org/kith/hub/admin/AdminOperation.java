package org.kith.hub.admin;

import java.util.Objects;
import java.util.Set;
import org.apache.camel.Processor;

/**
 * One operation of the administration API: its method, its path template ({@code {name}} for a
 * path parameter), the roles it admits, the families it touches ({@link FamilyScope}: how the
 * caller's agency scope applies) and what it does once {@link RoleGate} and {@link ScopeGate} let
 * the caller in. The API is a list of these; the served OpenAPI document is checked against the
 * list, scopes included.
 *
 * <p>A path naming a family ({@code {familyId}}) is always {@link FamilyScope#FAMILY_PATH}: the
 * factories infer it, and the constructor refuses any other pairing, so a new family operation is
 * scope-checked whether or not its author thought of it. Any other scope is declared with
 * {@link #scoped}.
 */
public record AdminOperation(String method, String path, Set<Role> roles, FamilyScope scope, Processor action) {

    public AdminOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(scope, "scope");
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(method + " " + path + " admits no role");
        }
        if (path.contains(FamilyScope.FAMILY_PARAMETER) != (scope == FamilyScope.FAMILY_PATH)) {
            throw new IllegalArgumentException(method + " " + path + ": a family in the path is scope "
                    + FamilyScope.FAMILY_PATH.code() + ", and only then; not " + scope.code());
        }
    }

    public static AdminOperation get(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("GET", path, roles, inferred(path), action);
    }

    public static AdminOperation put(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("PUT", path, roles, inferred(path), action);
    }

    public static AdminOperation post(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("POST", path, roles, inferred(path), action);
    }

    public static AdminOperation delete(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("DELETE", path, roles, inferred(path), action);
    }

    /** This operation touching the families {@code scope} says (a family in the body, records, counts). */
    public AdminOperation scoped(FamilyScope scope) {
        return new AdminOperation(method, path, roles, scope, action);
    }

    private static FamilyScope inferred(String path) {
        return path.contains(FamilyScope.FAMILY_PARAMETER) ? FamilyScope.FAMILY_PATH : FamilyScope.NONE;
    }
}
