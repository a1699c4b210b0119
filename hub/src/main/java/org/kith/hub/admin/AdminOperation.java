package org.kith.hub.admin;

import java.util.Objects;
import java.util.Set;
import org.apache.camel.Processor;

/**
 * One operation of the administration API: its method, its path template ({@code {name}} for a
 * path parameter), the roles it admits and what it does once {@link RoleGate} let the caller in.
 * The API is a list of these; the served OpenAPI document is checked against the list.
 */
public record AdminOperation(String method, String path, Set<Role> roles, Processor action) {

    public AdminOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(method + " " + path + " admits no role");
        }
    }

    public static AdminOperation get(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("GET", path, roles, action);
    }

    public static AdminOperation put(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("PUT", path, roles, action);
    }

    public static AdminOperation post(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("POST", path, roles, action);
    }

    public static AdminOperation delete(String path, Set<Role> roles, Processor action) {
        return new AdminOperation("DELETE", path, roles, action);
    }
}
