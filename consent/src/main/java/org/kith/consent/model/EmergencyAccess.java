package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * Child-safety break-glass: a user holding the emergency role declares that the named recipients of
 * its {@link AuthorityScope} need those categories about those subjects now. Time-limited (the
 * jurisdiction caps the length), justified in words, and every decision that uses it is flagged for
 * review. It stands in for missing consent; it does not override a family's explicit deny (only a
 * court order or statute does, per the precedence the engine states).
 */
public record EmergencyAccess(String id, String familyId, String declaredBy, String justification,
                              AuthorityScope scope) {

    public EmergencyAccess {
        Ids.require(id, "emergency id");
        Ids.require(familyId, "family id");
        Ids.require(declaredBy, "declared by");
        Ids.require(justification, "justification");
        Objects.requireNonNull(scope, "scope");
        if (scope.period().to().isEmpty()) {
            throw new IllegalArgumentException("emergency " + id + ": break-glass access must be time-limited");
        }
    }

    /** Declared by {@code actor}, who must hold {@link Actor#EMERGENCY_ROLE}. */
    public static EmergencyAccess declare(String id, String familyId, Actor actor, String justification,
                                          AuthorityScope scope) {
        if (!actor.holds(Actor.EMERGENCY_ROLE)) {
            throw new IllegalArgumentException("user " + actor.userId() + " does not hold the emergency role");
        }
        return new EmergencyAccess(id, familyId, actor.userId(), justification, scope);
    }

    public boolean covers(String subject, Partner sender, Partner recipient, Category category, Purpose purpose,
                          MessageType type, Instant at) {
        return scope.covers(subject, sender, recipient, category, purpose, type, at);
    }
}
