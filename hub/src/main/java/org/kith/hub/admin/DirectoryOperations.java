package org.kith.hub.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.connectors.HttpReply;
import org.kith.hub.directory.DirectoryImport;
import org.kith.schemas.SubmissionValidator;

/**
 * The service directory through the administration API (administrators): import an HSDS 3.0 export
 * as drafts, list the drafts and the live directory, approve a draft ({@link DirectoryAdmin}).
 */
final class DirectoryOperations {

    static final String DIRECTORY = "/v1/admin/directory";
    private static final Set<Role> ADMINISTRATORS = Set.of(Role.ADMINISTRATOR);

    private final DirectoryAdmin directory;
    private final int maxBytes;

    DirectoryOperations(AdminRoutes.Changes changes, ConfigSource config, SubmissionValidator validator, Clock clock,
                        int maxBytes) {
        this.directory = new DirectoryAdmin(config, changes.writer(), changes.partners(), changes.provisionTopics(),
                new DirectoryImport(validator), changes.config() != null && changes.config().fourEyes(), clock);
        this.maxBytes = maxBytes;
    }

    List<AdminOperation> operations() {
        return List.of(
                AdminOperation.get(DIRECTORY, ADMINISTRATORS, exchange ->
                        HttpReply.json(exchange, 200, Map.of("entries", directory.entries()))),
                AdminOperation.post(DIRECTORY + "/imports", ADMINISTRATORS, exchange -> {
                    DirectoryAdmin.Imported imported = directory.importExport(ConfigOperations.body(exchange, maxBytes),
                            ConfigOperations.user(exchange));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("importId", imported.importId());
                    answer.put("drafts", imported.drafts());
                    answer.put("unchanged", imported.unchanged());
                    answer.put("serviceTypes", imported.serviceTypes());
                    answer.put("areas", imported.areas());
                    HttpReply.json(exchange, 200, answer);
                }),
                AdminOperation.get(DIRECTORY + "/drafts", ADMINISTRATORS, exchange ->
                        HttpReply.json(exchange, 200, Map.of("drafts", directory.drafts()))),
                AdminOperation.post(DIRECTORY + "/drafts/{draftId}/approve", ADMINISTRATORS, exchange ->
                        HttpReply.json(exchange, 200, directory.approve(ConfigOperations.pathParameter(exchange,
                                "draftId", "(organization|service):[^/]{1,100}"), ConfigOperations.user(exchange)))));
    }
}
