package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.kith.connectors.JsonBody;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.Filing;

/**
 * Holds a signed-in user to its agency scope after {@link RoleGate}, as the operation's
 * {@link FamilyScope} says: the family of the path or of the message in the body is checked before
 * the operation runs, and one the user's scope does not cover (a scoped user's family with no known
 * responsible agency included: fail closed) is answered 404 exactly as a family that does not
 * exist, so no answer tells a family outside the scope from no family. The one place the check is
 * made: operations read the checked family's file through {@link #file}, and operations over
 * records of many families ask {@link #covers} of each.
 */
public final class ScopeGate {

    /** Exchange property: the {@link FamilyFile} of the family this request was checked for. */
    static final String FAMILY = "kith.family";
    static final String FAMILY_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final FamilySource families;
    private final int maxBytes;

    /** @param maxBytes a body above this is not read here (the operation refuses it) */
    public ScopeGate(FamilySource families, int maxBytes) {
        this.families = families;
        this.maxBytes = maxBytes;
    }

    /**
     * Checks the family {@code scope} names: 400 for a family id of the wrong form, 404 outside the
     * user's scope. A body that names no family is left to the operation, which refuses it.
     */
    void check(Exchange exchange, FamilyScope scope) {
        switch (scope) {
            case FAMILY_PATH -> admit(exchange, ConfigOperations.pathParameter(exchange, "familyId", FAMILY_ID));
            case FAMILY_BODY -> familyInBody(exchange).ifPresent(familyId -> admit(exchange, familyId));
            default -> { }
        }
    }

    /** The file (empty if nothing was recorded) of the family this request was checked for. */
    static FamilyFile file(Exchange exchange) {
        FamilyFile file = exchange.getProperty(FAMILY, FamilyFile.class);
        if (file == null) {
            throw new IllegalStateException("no family was checked for this operation");
        }
        return file;
    }

    /**
     * Whether {@code user} may see a record about each of {@code familyIds}: an unscoped user any;
     * a scoped one only when it covers every family, and never a record of no family. Throws
     * {@link Elsewhere} when another instance holds one of the families.
     */
    public boolean covers(User user, Collection<String> familyIds) {
        if (user.agencies().isEmpty()) {
            return true;
        }
        return !familyIds.isEmpty() && familyIds.stream().allMatch(familyId -> familyId != null
                && familyId.matches(FAMILY_ID) && user.covers(families.file(familyId).flatMap(ScopeGate::responsibleAgency)));
    }

    private void admit(Exchange exchange, String familyId) {
        Optional<FamilyFile> file = families.file(familyId);
        if (!principal(exchange).covers(file.flatMap(ScopeGate::responsibleAgency))) {
            AccessRefusals.outOfScope(exchange, familyId);
            throw notFound();
        }
        exchange.setProperty(FAMILY, file.orElseGet(() -> FamilyFile.empty(familyId)));
    }

    /**
     * The {@code familyid} of the structured CloudEvent in the body, if it names one; a body the
     * strict reader refuses is refused here (400), as the operation would refuse it.
     */
    private Optional<String> familyInBody(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0 || body.length > maxBytes) {
            return Optional.empty();
        }
        JsonNode familyId = JsonBody.read(body).path("familyid");
        return familyId.isTextual() ? Optional.of(familyId.asText()) : Optional.empty();
    }

    /** The 404 of a family outside the caller's scope, the same as for a family that does not exist; it echoes nothing. */
    static ProblemException notFound() {
        return new ProblemException(Problem.of(404, "not-found", "Not found", "no family with this id in your scope"));
    }

    static Optional<String> responsibleAgency(FamilyFile file) {
        return Filing.responsibleAgency(file);
    }

    static User principal(Exchange exchange) {
        return exchange.getProperty(RoleGate.PRINCIPAL, User.class);
    }
}
