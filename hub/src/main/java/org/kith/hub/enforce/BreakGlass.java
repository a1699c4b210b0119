package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.kith.hub.admin.EmergencyDeclarations;
import org.kith.hub.admin.Role;
import org.kith.hub.admin.User;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.Filing;
import org.kith.hub.ledger.LedgerEvent.ConsentRecorded.Emergency;
import org.kith.schemas.Envelope;
import org.kith.schemas.KithHeaders;

/**
 * Who declared a child-safety emergency that arrives in a family's stream, as the hub can know it:
 * the user the administration API names in {@link KithHeaders#DECLARED_BY} (the API checked the
 * emergency role; only the API writes the header, the ingresses drop every header a partner sends),
 * or the verified subject of the declaration the authority carries ({@link EmergencyDeclarations}),
 * who must hold the emergency role and whose agency scope must cover the family and the recording
 * agency, as at the API. Anything else is undeclared, with the reason: a system with no person
 * behind it cannot break the glass.
 */
final class BreakGlass {

    /** The person who declared it, or why the hub cannot say who did. */
    sealed interface Declaration permits Declared, Undeclared {
    }

    record Declared(Filing.Declarer declarer) implements Declaration {
    }

    /** @param why for the sender and the dead letter: codes and rules, never what a token claims */
    record Undeclared(String why) implements Declaration {
    }

    private final Optional<EmergencyDeclarations> declarations;

    BreakGlass(Optional<EmergencyDeclarations> declarations) {
        this.declarations = declarations;
    }

    /** Who declared the emergency {@code envelope} records for the family whose file is {@code file}. */
    Declaration of(Inbound in, Envelope envelope, FamilyDocuments file) {
        Header byApi = in.headers().lastHeader(KithHeaders.DECLARED_BY);
        if (byApi != null && byApi.value() != null) {
            String user = new String(byApi.value(), StandardCharsets.UTF_8);
            return user.matches(User.ID_PATTERN) ? new Declared(new Filing.Declarer(user, Emergency.ADMIN_API))
                    : new Undeclared("the administration API named no user");
        }
        JsonNode token = envelope.data().at("/emergency/declaration");
        if (!token.isTextual()) {
            return new Undeclared("a child-safety emergency must name the person who declared it, who must hold the "
                    + "emergency role: declare it through the administration API, or carry the identity provider's "
                    + "declaration in emergency.declaration");
        }
        if (declarations.isEmpty()) {
            return new Undeclared("the hub has no identity provider to verify a declaration with: declare the emergency "
                    + "through the administration API");
        }
        EmergencyDeclarations.Verdict verdict = declarations.get().verify(token.asText(), envelope.familyid(),
                envelope.data(), envelope.time().toInstant());
        if (verdict instanceof EmergencyDeclarations.Refused refused) {
            return new Undeclared("the declaration was refused: " + refused.reason());
        }
        User user = ((EmergencyDeclarations.Declared) verdict).user();
        if (!user.holds(Role.EMERGENCY)) {
            return new Undeclared("the declarer does not hold the emergency role");
        }
        if (!user.covers(Filing.responsibleAgency(file)) || !user.covers(Optional.of(envelope.source()))) {
            return new Undeclared("the family or the recording agency is outside the declarer's agency scope");
        }
        return new Declared(new Filing.Declarer(user.id(), Emergency.IDENTITY_PROVIDER));
    }
}
