package org.kith.consent.model;

import java.util.Set;

/** A signed-in user of the hub acting on a family's record: an id and the roles they hold. */
public record Actor(String userId, Set<String> roles) {

    /** The role a user needs to declare a child-safety emergency. */
    public static final String EMERGENCY_ROLE = "emergency";

    public Actor {
        Ids.require(userId, "user id");
        roles = Set.copyOf(roles);
    }

    public boolean holds(String role) {
        return roles.contains(role);
    }
}
