package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import org.kith.schemas.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * What is in a family's file, through the administration API: consent directives recorded and
 * revoked by a consent officer, legal authorities, a declared emergency, and the accounting of
 * disclosures. A recorded document is filed by the enforcement core in the family's order, so the
 * hub answers 202 with the message id, and the document shows in 'list' once filed.
 */
final class FamilyCommands {

    private static final String READ = "%nRole: consent-officer or auditor.";
    private static final String FILED = " The hub files it in the family's order: it shows in 'list' moments later.";

    private FamilyCommands() {
    }

    static String family(String familyId, String... rest) {
        String[] segments = new String[rest.length + 2];
        segments[0] = "families";
        segments[1] = familyId;
        System.arraycopy(rest, 0, segments, 2, rest.length);
        return AdminClient.path(segments);
    }

    /** A command that can print FHIR as the hub sends it. */
    abstract static class FhirCall extends AdminCall {

        /** With {@code fhir}, the FHIR resource exactly as the hub sent it; else as {@link #print}. */
        void printFhirOr(boolean fhir, AdminClient.Reply reply, Function<JsonNode, Table> table) {
            if (!fhir) {
                print(reply, table);
            } else if (reply.contentType().startsWith(AdminClient.FHIR)) {
                out().println(reply.body());
            } else {
                throw new Failure("the hub answered " + reply.contentType() + ", not FHIR: it may not export FHIR "
                        + "yet");
            }
        }

    }

    /** The steps of one document's history: when, by which user or partner, what, in which message. */
    abstract static class DocumentHistory extends AdminCall {
        private final String collection;

        @Mixin
        Document document;

        DocumentHistory(String collection) {
            this.collection = collection;
        }

        @Override
        void run(AdminClient hub) {
            print(hub.get(family(document.familyId, collection, document.id, "history")),
                    answer -> Table.of(answer.path("history"), "at", "actor", "action", "document", "messageId"));
        }
    }

    /** FAMILY: the family a command is about. */
    static final class Family {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String id;
    }

    /** FAMILY ID: one document of a family's file (a directive or an authority). */
    static final class Document {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "ID", description = "The document's id (see 'list').")
        String id;
    }

    /** FAMILY FILE [--agency]: a command that sends a document from a file for a family's file. */
    abstract static class Recording extends AdminCall {
        @Mixin
        Family family;

        @Parameters(index = "1", paramLabel = "FILE", description = "The document as JSON.")
        Path file;

        @Mixin
        Agency agency;

        /** POSTs the file to the family's {@code what}. */
        AdminClient.Reply send(AdminClient hub, String what, String contentType) {
            return post(hub, family(family.id, what), agency, contentType, readJson(file));
        }
    }

    /** The options of a command that records a document for a family. */
    static final class Agency {
        @Option(names = "--agency", paramLabel = "PARTNER-ID",
                description = "The agency (a partner id) it is recorded for; default: the family's responsible "
                        + "agency, from its profile.")
        String agency;
    }

    @Command(name = "directives", subcommands = {ListDirectives.class, GetDirective.class, Record.class,
            Revoke.class, DirectiveHistory.class},
            description = "A family's consent directives: what each member (or a parent for a child) agreed may be "
                    + "shared, with whom and for what. A consent officer records and revokes them.",
            footer = {"%nExamples:", "  kith admin directives list F-1001",
                    "  kith admin directives record F-1001 consent.json --agency county-cw",
                    "  kith admin directives revoke F-1001 D-17 --by F-1001-P1 --capacity parent"})
    static final class Directives {
    }

    @Command(name = "list", description = {"Lists a family's directives: id, active or revoked, permit or deny, "
            + "when recorded and by whom.", READ},
            footer = {"%nExamples:", "  kith admin directives list F-1001",
                    "  kith admin directives list F-1001 --fhir > bundle.json"})
    static final class ListDirectives extends FhirCall {
        @Mixin
        Family family;

        @Option(names = "--fhir", description = "Print them as a FHIR R4 Bundle of Consent resources, as the hub sends it.")
        boolean fhir;

        @Override
        void run(AdminClient hub) {
            printFhirOr(fhir, hub.get(AdminClient.query(family(family.id, "directives"), "format",
                    fhir ? "fhir" : null)), answer -> Table.of(answer.path("directives"),
                    "directiveId", "status", "effect", "recordedAt", "recordedBy", "revokedAt"));
        }
    }

    @Command(name = "get", description = {"Shows one directive of a family, with its data.", READ},
            footer = {"%nExample:", "  kith admin directives get F-1001 D-17 --fhir"})
    static final class GetDirective extends FhirCall {
        @Mixin
        Document document;

        @Option(names = "--fhir", description = "Print it as a FHIR R4 Consent, as the hub sends it.")
        boolean fhir;

        @Override
        void run(AdminClient hub) {
            printFhirOr(fhir, hub.get(AdminClient.query(family(document.familyId, "directives", document.id),
                    "format", fhir ? "fhir" : null)), Table::fields);
        }
    }

    @Command(name = "record", description = {"Records a consent directive from a JSON file (the data of a "
            + "consent-directive message, or with --fhir a FHIR R4 Consent). It is checked as a partner's would be."
            + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:", "  kith admin directives record F-1001 consent.json --agency county-cw"})
    static final class Record extends Recording {
        @Option(names = "--fhir", description = "The file is a FHIR R4 Consent resource.")
        boolean fhir;

        @Override
        void run(AdminClient hub) {
            say(send(hub, "directives", fhir ? AdminClient.FHIR : AdminClient.JSON),
                    answer -> "sent: directive " + answer.path("directiveId").asText() + ", message "
                            + answer.path("messageId").asText() + "." + FILED);
        }
    }

    @Command(name = "revoke", description = {"Revokes a family's directive: from then on nothing more is shared on "
            + "its basis. Say who revoked it (--by, --capacity), or give the whole revocation (--file: revokedBy, "
            + "reason, evidence); its time is now unless the file says when." + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:", "  kith admin directives revoke F-1001 D-17 --by F-1001-P1 --capacity parent \\",
                    "      --reason \"consent withdrawn\""})
    static final class Revoke extends AdminCall {
        @Mixin
        Document document;

        @Option(names = "--by", paramLabel = "PERSON-ID", description = "The family member who revoked it.")
        String by;

        @Option(names = "--capacity", paramLabel = "CAPACITY", description = "In what capacity they revoked it: "
                + "parent, legal-guardian, youth-for-self, adult-for-self or court-appointed.")
        String capacity;

        @Option(names = "--reason", paramLabel = "TEXT", description = "The reason, if the family member gave one.")
        String reason;

        @Option(names = "--file", paramLabel = "FILE", description = "The revocation as JSON; the options above "
                + "replace its fields.")
        Path file;

        @Mixin
        Agency agency;

        @Override
        void run(AdminClient hub) {
            if ((by == null) != (capacity == null)) {
                throw new ParameterException(spec.commandLine(), "--by and --capacity go together");
            }
            ObjectNode revocation = file == null ? Json.mapper().createObjectNode()
                    : parse(readJson(file)).deepCopy();
            if (by != null) {
                revocation.putObject("revokedBy").put("personId", by).put("capacity", capacity);
            }
            if (reason != null) {
                revocation.put("reason", reason);
            }
            say(post(hub, family(document.familyId, "directives", document.id, "revoke"), agency, AdminClient.JSON,
                    revocation.toString().getBytes(StandardCharsets.UTF_8)),
                    answer -> "sent: revocation of " + document.id + ", message " + answer.path("messageId").asText()
                            + "." + FILED);
        }
    }

    @Command(name = "history", description = {"Every step of one directive: recorded, revoked, by whom and when.",
            READ}, footer = {"%nExample:", "  kith admin directives history F-1001 D-17"})
    static final class DirectiveHistory extends DocumentHistory {
        DirectiveHistory() {
            super("directives");
        }
    }

    @Command(name = "history", description = {"Every step of one legal authority: when it was recorded and by whom.",
            READ}, footer = {"%nExample:", "  kith admin authorities history F-1001 ORD-7"})
    static final class AuthorityHistory extends DocumentHistory {
        AuthorityHistory() {
            super("authorities");
        }
    }

    @Command(name = "authorities", subcommands = {ListAuthorities.class, RecordAuthority.class,
            AuthorityHistory.class},
            description = "A family's legal authorities: court orders and other bases for sharing without consent.",
            footer = {"%nExamples:", "  kith admin authorities list F-1001",
                    "  kith admin authorities record F-1001 court-order.json --agency county-cw"})
    static final class Authorities {
    }

    @Command(name = "list", description = {"Lists a family's legal authorities: id, kind, when recorded and by whom.",
            READ}, footer = {"%nExample:", "  kith admin authorities list F-1001"})
    static final class ListAuthorities extends AdminCall {
        @Mixin
        Family family;

        @Override
        void run(AdminClient hub) {
            print(hub.get(family(family.id, "authorities")), answer -> Table.of(answer.path("authorities"),
                    "authorityId", "kind", "recordedAt", "recordedBy"));
        }
    }

    @Command(name = "record", description = {"Records a legal authority (e.g. a court order) from a JSON file: the "
            + "data of a legal-authority message." + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:", "  kith admin authorities record F-1001 court-order.json --agency county-cw"})
    static final class RecordAuthority extends Recording {
        @Override
        void run(AdminClient hub) {
            say(send(hub, "authorities", AdminClient.JSON), answer -> "sent: authority "
                    + answer.path("authorityId").asText() + ", message " + answer.path("messageId").asText() + "."
                    + FILED);
        }
    }

    /** A POST of a document to a family's path, for {@code --agency} if given. */
    static AdminClient.Reply post(AdminClient hub, String path, Agency agency, String contentType, byte[] body) {
        return hub.send("POST", AdminClient.query(path, "agency", agency.agency), contentType, body);
    }

    @Command(name = "emergency", description = {"Declares child-safety emergency access for a family (break glass): "
            + "the data of a legal authority of kind 'emergency', with its justification and expiry. The partners it "
            + "names receive what it covers at once, without the family's consent. Every emergency access is logged "
            + "in the ledger with your user id and reviewed afterwards.", "%nRole: emergency."},
            footer = {"%nExample:", "  kith admin emergency F-1001 emergency.json --agency county-cw"})
    static final class Emergency extends Recording {
        @Override
        void run(AdminClient hub) {
            say(send(hub, "emergency", AdminClient.JSON), answer -> "sent: emergency "
                    + answer.path("authorityId").asText("") + ", message " + answer.path("messageId").asText("")
                    + ". This access is logged and will be reviewed.");
        }
    }

    @Command(name = "accounting", description = {"A family's accounting of disclosures: every time the hub sent, or "
            + "did not send, information about the family (or one member) to a partner, and on what basis, "
            + "from the ledger. Reading it is logged with your user id.", "%nRole: auditor or consent-officer."},
            footer = {"%nExamples:", "  kith admin accounting F-1001", "  kith admin accounting F-1001 --person F-1001-C1"})
    static final class Accounting extends AdminCall {
        @Mixin
        Family family;

        @Option(names = "--person", paramLabel = "ID", description = "Only what concerned this family member.")
        String person;

        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.query(family(family.id, "accounting"), "person", person)),
                    answer -> Table.of(answer.path("entries"), "at", "recipient", "messageType", "outcome",
                            "withheld", "sentence"));
        }
    }
}
