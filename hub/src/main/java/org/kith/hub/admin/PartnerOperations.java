package org.kith.hub.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.connectors.HttpReply;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;

/**
 * The registered partners as administrators and auditors see them: id, kind, name, webhook and how
 * many signing keys they registered; never a credential or its hash. Read-only: partners are
 * registered in the partners file.
 */
final class PartnerOperations {

    static final String PARTNERS = "/v1/admin/partners";
    private static final Set<Role> READERS = Set.of(Role.ADMINISTRATOR, Role.AUDITOR);

    private final PartnerRegistry partners;

    PartnerOperations(PartnerRegistry partners) {
        this.partners = partners;
    }

    List<AdminOperation> operations() {
        return List.of(
                AdminOperation.get(PARTNERS, READERS, exchange -> HttpReply.json(exchange, 200,
                        Map.of("partners", partners.all().stream().map(PartnerOperations::view).toList()))),
                AdminOperation.get(PARTNERS + "/{id}", READERS, exchange -> {
                    String id = ConfigOperations.pathParameter(exchange, "id", Partner.ID_PATTERN);
                    HttpReply.json(exchange, 200, view(partners.find(id).orElseThrow(() -> new ProblemException(
                            Problem.of(404, "not-found", "Not found", "no partner " + id)))));
                }));
    }

    private static Map<String, Object> view(Partner partner) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", partner.id());
        view.put("kind", partner.kind().code());
        view.put("name", partner.name());
        view.put("webhook", partner.webhook().map(Object::toString).orElse(null));
        view.put("keys", partner.publicKeys().all().size());
        return view;
    }
}
