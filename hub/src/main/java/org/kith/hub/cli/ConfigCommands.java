package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.kith.hub.rules.ConfigKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code kith admin agreements|routing-rules|statute-rules|partners}: the same five commands over each
 * kind of partnership configuration, each subcommand taking its kind from the group it was called in.
 */
final class ConfigCommands {

    private static final String READ = "%nRole: administrator or auditor.";
    private static final String WRITE = "%nRole: administrator. With four-eyes approval on (kith.admin.four.eyes), a "
            + "change to an agreement or a routing rule waits until another administrator approves it "
            + "('kith admin changes'); other changes apply at once.";

    private ConfigCommands() {
    }

    /**
     * A group of one kind of configuration: its collection in the API, the member of the list answer
     * that holds the objects, and the fields the list shows.
     */
    abstract static class Kind {
        abstract String path();

        abstract String section();

        abstract String[] columns();
    }

    /** A kind the config topic holds as a {@link ConfigKind}. */
    abstract static class Configured extends Kind {
        abstract ConfigKind kind();

        @Override
        String path() {
            return kind().path();
        }

        @Override
        String section() {
            return kind().section();
        }
    }

    @Command(name = "agreements", subcommands = {ListAll.class, Get.class, Put.class, Delete.class, History.class},
            description = "Data-sharing agreements: which partners share which categories of data, for which "
                    + "purposes and message types, from when until when. No agreement, no sharing.",
            footer = {"%nExamples:", "  kith admin agreements list",
                    "  kith admin agreements get MOU-2026-cw-clinic",
                    "  kith admin agreements put mou.json",
                    "  kith admin agreements history MOU-2026-cw-clinic"})
    static final class Agreements extends Configured {
        @Override
        ConfigKind kind() {
            return ConfigKind.AGREEMENT;
        }

        @Override
        String[] columns() {
            return new String[]{"id", "parties", "purposes", "effective", "expires"};
        }
    }

    @Command(name = "routing-rules", subcommands = {ListAll.class, Get.class, Put.class, Delete.class, History.class},
            description = "Routing rules: which partners receive a message that names no recipient, by message "
                    + "type, sender and content.",
            footer = {"%nExamples:", "  kith admin routing-rules list",
                    "  kith admin routing-rules put rule.json",
                    "  kith admin routing-rules delete RR-case-plans-to-court"})
    static final class RoutingRules extends Configured {
        @Override
        ConfigKind kind() {
            return ConfigKind.ROUTING_RULE;
        }

        @Override
        String[] columns() {
            return new String[]{"id", "messageTypes", "to"};
        }
    }

    @Command(name = "statute-rules", subcommands = {ListAll.class, Get.class, Put.class, Delete.class, History.class},
            description = "Statute rules: laws that allow a disclosure without consent (e.g. a FERPA exception), "
                    + "from which kinds of sender to which kinds of recipient.",
            footer = {"%nExamples:", "  kith admin statute-rules list",
                    "  kith admin statute-rules get statute:ferpa-child-welfare"})
    static final class StatuteRules extends Configured {
        @Override
        ConfigKind kind() {
            return ConfigKind.STATUTE_RULE;
        }

        @Override
        String[] columns() {
            return new String[]{"id", "citation"};
        }
    }

    @Command(name = "partners", subcommands = {ListAll.class, Get.class, Put.class, Delete.class, History.class},
            description = "The partners registered with the hub (agencies, providers, courts, schools): their entry "
                    + "as in the partners file, the token only as its SHA-256. One that an agreement or a routing "
                    + "rule names cannot be deleted.",
            footer = {"%nExamples:", "  kith admin partners list", "  kith admin partners get riverside-clinic",
                    "  kith admin partners put north-school.json"})
    static final class Partners extends Kind {
        @Override
        String path() {
            return "partners";
        }

        @Override
        String section() {
            return "partners";
        }

        @Override
        String[] columns() {
            return new String[]{"id", "kind", "name", "webhook", "keys"};
        }
    }

    /** A command of a kind's group. */
    abstract static class KindCall extends AdminCall {
        Kind group() {
            return (Kind) spec.parent().userObject();
        }

        String item(String id) {
            return AdminClient.path(group().path(), id);
        }

        /** "applied ..." or "waiting for approval: <changeId>", as the hub answered 200 or 202. */
        String outcome(AdminClient.Reply reply, String applied) {
            return reply.status() == 202 ? "waiting for approval: " + reply.json().path("pending").asText()
                    + System.lineSeparator() + "(another administrator approves it with 'kith admin changes approve "
                    + reply.json().path("pending").asText() + "')" : applied;
        }
    }

    /** A command on one object of the kind, named by its id. */
    abstract static class OneObject extends KindCall {
        @Parameters(paramLabel = "ID", description = "Its id (see 'list').")
        String id;

        String item() {
            return item(id);
        }
    }

    @Command(name = "list", description = {"Lists the ${PARENT-COMMAND-NAME}: id and key fields "
            + "(--output json: every field).", READ},
            footer = {"%nExample:", "  ${PARENT-COMMAND-FULL-NAME} list"})
    static final class ListAll extends KindCall {
        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.path(group().path())),
                    answer -> Table.of(answer.path(group().section()), group().columns()));
        }
    }

    @Command(name = "get", description = {"Shows one of the ${PARENT-COMMAND-NAME}, every field.", READ},
            footer = {"%nExample (the ids are in 'list'):", "  ${PARENT-COMMAND-FULL-NAME} get ID"})
    static final class Get extends OneObject {
        @Override
        void run(AdminClient hub) {
            print(hub.get(item()), Table::fields);
        }
    }

    @Command(name = "put", description = {"Creates or replaces one of the ${PARENT-COMMAND-NAME} from a JSON file, "
            + "checked by the hub first: nothing changes if it is not valid (each violation is printed). Every "
            + "hub instance enforces it moments later, without a restart.", WRITE},
            footer = {"%nExample (start from 'get ID --output json' of a similar one):",
                    "  ${PARENT-COMMAND-FULL-NAME} put new.json"})
    static final class Put extends KindCall {
        @Parameters(paramLabel = "FILE", description = "The object as JSON, with its \"id\".")
        Path file;

        @Option(names = "--id", paramLabel = "ID", description = "The id, when the file has none.")
        String id;

        @Override
        void run(AdminClient hub) {
            byte[] body = readJson(file);
            JsonNode object = parse(body);
            String target = id != null ? id : object.path("id").asText("");
            if (target.isEmpty()) {
                throw new ParameterException(spec.commandLine(), file + " has no \"id\": give --id ID");
            }
            AdminClient.Reply reply = hub.send("PUT", item(target), AdminClient.JSON, body);
            say(reply, answer -> outcome(reply, "applied"));
        }
    }

    @Command(name = "delete", description = {"Deletes one of the ${PARENT-COMMAND-NAME}; what it allowed stops "
            + "at once on every hub instance.", WRITE},
            footer = {"%nExample:", "  ${PARENT-COMMAND-FULL-NAME} delete ID"})
    static final class Delete extends OneObject {
        @Override
        void run(AdminClient hub) {
            AdminClient.Reply reply = hub.send("DELETE", item(), null, null);
            say(reply, answer -> outcome(reply, (answer.has("removed") ? "removed " : "deleted ") + id));
        }
    }

    @Command(name = "history", description = {"Every change of one of the ${PARENT-COMMAND-NAME}: when, by which "
            + "user, what (--output json: with the object before and after).", READ},
            footer = {"%nExample:", "  ${PARENT-COMMAND-FULL-NAME} history ID"})
    static final class History extends OneObject {
        @Override
        void run(AdminClient hub) {
            print(hub.get(item() + "/history"),
                    answer -> Table.of(answer.path("history"), "at", "actor", "action", "requestedBy"));
        }
    }
}
