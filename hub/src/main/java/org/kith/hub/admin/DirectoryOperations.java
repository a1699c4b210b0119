package org.kith.hub.admin;

import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
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
    /** A draft's id: {@code organization:<id>} or {@code service:<id>}. */
    private static final String DRAFT_ID = "(organization|service):[^/]{1,100}";
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
                        HttpReply.json(exchange, 200, Map.of("entries", directory.entries())))
                        .summary("The live service directory (organizations and services approved)")
                        .responds(200, Response.json("The directory", Schemas.object())),
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
                })
                        .api(api -> api.id("importDirectory"))
                        .summary("Imports an HSDS 3.0 export as drafts (nothing live until approved)")
                        .body(Body.json(Schemas.object("An HSDS 3.0 export (hsds-import.schema.json)")))
                        .responds(200, Response.json("The import: its id, the drafts made, what was unchanged",
                                Schemas.object()))
                        .responds(413, AdminApi.TOO_LARGE)
                        .responds(422, Response.problem("The export is not valid: every violation with its JSON"
                                + " pointer; nothing was imported")),
                AdminOperation.get(DIRECTORY + "/drafts", ADMINISTRATORS, exchange ->
                        HttpReply.json(exchange, 200, Map.of("drafts", directory.drafts())))
                        .summary("Directory drafts waiting for approval, a changed one with its diff")
                        .responds(200, Response.json("The drafts", Schemas.object())),
                AdminOperation.post(DIRECTORY + "/drafts/{draftId}/approve", ADMINISTRATORS, exchange ->
                        HttpReply.json(exchange, 200, directory.approve(ConfigOperations.pathParameter(exchange,
                                "draftId", DRAFT_ID), ConfigOperations.user(exchange))))
                        .api(api -> api.id("approveDirectoryDraft"))
                        .summary("Approves a directory draft: it becomes live (an organization also its partner entry)")
                        .parameter(Parameter.path("draftId", Schemas.pattern("^" + DRAFT_ID + "$")))
                        .responds(200, Response.json("The entry as now live", Schemas.object()))
                        .responds(404, Response.problem("No such draft"))
                        .responds(409, Response.problem("The service's organization is still a draft")));
    }
}
