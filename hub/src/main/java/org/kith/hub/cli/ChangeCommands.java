package org.kith.hub.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kith admin changes}: the configuration changes waiting for a second administrator when
 * four-eyes approval is on, and their approval or rejection.
 */
@Command(name = "changes", subcommands = {ChangeCommands.ListPending.class, ChangeCommands.Approve.class,
        ChangeCommands.Reject.class},
        description = "Changes to agreements and routing rules waiting for a second administrator (four-eyes "
                + "approval, kith.admin.four.eyes=true): list, approve or reject them.",
        footer = {"%nExamples:", "  kith admin changes list",
                "  kith admin changes approve 0b6f3c1e-2d4a-4c8e-9f1a-5e7d2c3b4a10"})
final class ChangeCommands {

    @Command(name = "list", description = {"Lists the changes waiting for approval, oldest first: change id, kind, "
            + "object, put or delete, who asked and when (--output json: with the object).",
            "%nRole: administrator or auditor."},
            footer = {"%nExample:", "  kith admin changes list"})
    static final class ListPending extends AdminCall {
        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.path("changes")), answer -> Table.of(answer.path("pending"),
                    "changeId", "kind", "objectId", "action", "requestedBy", "requestedAt"));
        }
    }

    /** An administrator's decision on one waiting change. */
    abstract static class Decision extends AdminCall {
        @Parameters(paramLabel = "CHANGE-ID", description = "The change id (see 'kith admin changes list').")
        String changeId;

        AdminClient.Reply decide(AdminClient hub, String verb) {
            return hub.send("POST", AdminClient.path("changes", changeId, verb), null, null);
        }
    }

    @Command(name = "approve", description = {"Applies a waiting change, checked again against the configuration "
            + "as it is now. You cannot approve a change you asked for yourself.", "%nRole: administrator."},
            footer = {"%nExample (the change ids are in 'kith admin changes list'):",
                    "  kith admin changes approve CHANGE-ID"})
    static final class Approve extends Decision {
        @Override
        void run(AdminClient hub) {
            say(decide(hub, "approve"),
                    answer -> "approved " + changeId + ": " + (answer.has("deleted")
                            ? "deleted " + answer.get("deleted").asText() : "applied " + answer.path("id").asText()));
        }
    }

    @Command(name = "reject", description = {"Drops a waiting change; nothing of it is applied. Any administrator "
            + "may reject, the one who asked included.", "%nRole: administrator."},
            footer = {"%nExample:", "  kith admin changes reject CHANGE-ID"})
    static final class Reject extends Decision {
        @Override
        void run(AdminClient hub) {
            say(decide(hub, "reject"),
                    answer -> "rejected " + changeId);
        }
    }
}
