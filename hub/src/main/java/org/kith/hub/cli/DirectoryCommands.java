package org.kith.hub.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kith admin directory}: the service directory, imported from HSDS 3.0 as drafts an administrator approves. */
@Command(name = "directory", subcommands = {DirectoryCommands.Import.class, DirectoryCommands.Drafts.class,
        DirectoryCommands.Approve.class, DirectoryCommands.ListEntries.class},
        description = "The service directory: import an HSDS 3.0 export as drafts, review them, approve them.",
        footer = {"%nExamples:", "  kith admin directory import directory.json", "  kith admin directory drafts"})
final class DirectoryCommands {

    @Command(name = "import", description = {"Reads an HSDS 3.0 export (JSON with the organization, service, location "
            + "and service_area tables) and proposes its organizations (partner entries) and services as drafts: "
            + "nothing is live until approved; a changed entry's draft shows its diff. An invalid export imports "
            + "nothing: every violation is listed with its JSON pointer.", "%nRole: administrator."},
            footer = {"%nExample:", "  kith admin directory import directory.json"})
    static final class Import extends AdminCall {
        @Parameters(paramLabel = "FILE", description = "The HSDS 3.0 export, JSON.")
        Path file;

        @Override
        void run(AdminClient hub) {
            print(hub.send("POST", AdminClient.path("directory", "imports"), AdminClient.JSON, readJson(file)),
                    answer -> Table.of(answer.path("drafts"), "draftId", "change", "importedBy"));
        }
    }

    @Command(name = "drafts", description = {"Lists the directory drafts waiting for approval (--output json: with "
            + "what each proposes and, for a changed entry, its diff).", "%nRole: administrator."},
            footer = {"%nExample:", "  kith admin directory drafts"})
    static final class Drafts extends AdminCall {
        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.path("directory", "drafts")),
                    answer -> Table.of(answer.path("drafts"), "draftId", "change", "importedBy", "importedAt"));
        }
    }

    @Command(name = "approve", description = {"Makes a draft live: an organization becomes its directory entry and, "
            + "if new, a partner entry without credentials; a service, its partner's service. With four-eyes "
            + "approval on, you cannot approve a draft you imported.", "%nRole: administrator."},
            footer = {"%nExample:", "  kith admin directory approve organization:ORG-ID"})
    static final class Approve extends AdminCall {
        @Parameters(paramLabel = "DRAFT-ID", description = "The draft id (see 'kith admin directory drafts').")
        String draftId;

        @Override
        void run(AdminClient hub) {
            say(hub.send("POST", AdminClient.path("directory", "drafts", draftId, "approve"), null, null),
                    answer -> "approved " + draftId);
        }
    }

    @Command(name = "list", description = {"Lists the live directory.", "%nRole: administrator."},
            footer = {"%nExample:", "  kith admin directory list"})
    static final class ListEntries extends AdminCall {
        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.path("directory")),
                    answer -> Table.of(answer.path("entries"), "hsdsId", "partnerId", "name", "serviceType"));
        }
    }
}
