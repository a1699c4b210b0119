package org.kith.hub.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.kith.schemas.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    /** The options of a command that records a document for a family. */
    static final class Agency {
        @Option(names = "--agency", paramLabel = "PARTNER-ID",
                description = "The agency (partner id) you record it for, when your user acts for more than one.")
        String agency;
    }

    @Command(name = "directives", subcommands = {ListDirectives.class, GetDirective.class, Record.class,
            Revoke.class, DirectiveHistory.class},
            description = "A family's consent directives: what each member (or a parent for a child) agreed may be "
                    + "shared, with whom and for what. A consent officer records and revokes them.",
            footer = {"%nExamples:", "  kith admin directives list F-1001",
                    "  kith admin directives record F-1001 consent.json --agency county-cw",
                    "  kith admin directives revoke F-1001 D-17 --reason \"consent withdrawn\""})
    static final class Directives {
    }

    @Command(name = "list", description = {"Lists a family's directives: id, active or revoked, permit or deny, "
            + "when recorded and by whom.", READ},
            footer = {"%nExamples:", "  kith admin directives list F-1001",
                    "  kith admin directives list F-1001 --fhir > bundle.json"})
    static final class ListDirectives extends AdminCall {
        @Parameters(paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Option(names = "--fhir", description = "Print them as a FHIR R4 Bundle of Consent resources, as the hub sends it.")
        boolean fhir;

        @Override
        void run(AdminClient hub) {
            AdminClient.Reply reply = hub.get(AdminClient.query(family(familyId, "directives"), "format",
                    fhir ? "fhir" : null));
            if (fhir) {
                out().println(reply.body());
            } else {
                print(reply, answer -> Table.of(answer.path("directives"),
                        "directiveId", "status", "effect", "recordedAt", "recordedBy", "revokedAt"));
            }
        }
    }

    @Command(name = "get", description = {"Shows one directive of a family, with its data.", READ},
            footer = {"%nExample:", "  kith admin directives get F-1001 D-17 --fhir"})
    static final class GetDirective extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "ID", description = "The directive id.")
        String directiveId;

        @Option(names = "--fhir", description = "Print it as a FHIR R4 Consent, as the hub sends it.")
        boolean fhir;

        @Override
        void run(AdminClient hub) {
            AdminClient.Reply reply = hub.get(AdminClient.query(family(familyId, "directives", directiveId),
                    "format", fhir ? "fhir" : null));
            if (fhir) {
                out().println(reply.body());
            } else {
                print(reply, Table::fields);
            }
        }
    }

    @Command(name = "record", description = {"Records a consent directive from a JSON file (the data of a "
            + "consent-directive message, or with --fhir a FHIR R4 Consent). It is checked as a partner's would be."
            + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:", "  kith admin directives record F-1001 consent.json --agency county-cw"})
    static final class Record extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "FILE", description = "The directive as JSON.")
        Path file;

        @Option(names = "--fhir", description = "The file is a FHIR R4 Consent resource.")
        boolean fhir;

        @Mixin
        Agency agency;

        @Override
        void run(AdminClient hub) {
            say(post(hub, family(familyId, "directives"), agency, fhir ? AdminClient.FHIR : AdminClient.JSON,
                    readJson(file)),
                    answer -> "sent: directive " + answer.path("directiveId").asText() + ", message "
                            + answer.path("messageId").asText() + "." + FILED);
        }
    }

    @Command(name = "revoke", description = {"Revokes a family's directive: from then on nothing more is shared on "
            + "its basis." + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:",
                    "  kith admin directives revoke F-1001 D-17 --reason \"consent withdrawn\""})
    static final class Revoke extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "ID", description = "The directive id.")
        String directiveId;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record (no names, please).")
        String reason;

        @Mixin
        Agency agency;

        @Override
        void run(AdminClient hub) {
            byte[] body = reason == null ? null
                    : Json.mapper().createObjectNode().put("reason", reason).toString().getBytes(StandardCharsets.UTF_8);
            say(post(hub, family(familyId, "directives", directiveId, "revoke"), agency, AdminClient.JSON, body),
                    answer -> "sent: revocation of " + directiveId + ", message " + answer.path("messageId").asText()
                            + "." + FILED);
        }
    }

    @Command(name = "history", description = {"Every step of one directive: recorded, revoked, by whom and when.",
            READ}, footer = {"%nExample:", "  kith admin directives history F-1001 D-17"})
    static final class DirectiveHistory extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "ID", description = "The directive id.")
        String directiveId;

        @Override
        void run(AdminClient hub) {
            print(hub.get(family(familyId, "directives", directiveId, "history")),
                    answer -> Table.of(answer.path("history"), "at", "actor", "action", "document", "messageId"));
        }
    }

    @Command(name = "authorities", subcommands = {ListAuthorities.class, RecordAuthority.class},
            description = "A family's legal authorities: court orders and other bases for sharing without consent.",
            footer = {"%nExamples:", "  kith admin authorities list F-1001",
                    "  kith admin authorities record F-1001 court-order.json --agency county-cw"})
    static final class Authorities {
    }

    @Command(name = "list", description = {"Lists a family's legal authorities: id, kind, when recorded and by whom.",
            READ}, footer = {"%nExample:", "  kith admin authorities list F-1001"})
    static final class ListAuthorities extends AdminCall {
        @Parameters(paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Override
        void run(AdminClient hub) {
            print(hub.get(family(familyId, "authorities")), answer -> Table.of(answer.path("authorities"),
                    "authorityId", "kind", "recordedAt", "recordedBy"));
        }
    }

    @Command(name = "record", description = {"Records a legal authority (e.g. a court order) from a JSON file: the "
            + "data of a legal-authority message." + FILED, "%nRole: consent-officer."},
            footer = {"%nExample:", "  kith admin authorities record F-1001 court-order.json --agency county-cw"})
    static final class RecordAuthority extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "FILE", description = "The authority as JSON.")
        Path file;

        @Mixin
        Agency agency;

        @Override
        void run(AdminClient hub) {
            say(post(hub, family(familyId, "authorities"), agency, AdminClient.JSON, readJson(file)), answer -> "sent: authority "
                    + answer.path("authorityId").asText() + ", message " + answer.path("messageId").asText() + "." + FILED);
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
    static final class Emergency extends AdminCall {
        @Parameters(index = "0", paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Parameters(index = "1", paramLabel = "FILE", description = "The emergency authority as JSON.")
        Path file;

        @Mixin
        Agency agency;

        @Override
        void run(AdminClient hub) {
            say(post(hub, family(familyId, "emergency"), agency, AdminClient.JSON, readJson(file)), answer -> "sent: emergency "
                    + answer.path("authorityId").asText("") + ", message " + answer.path("messageId").asText("")
                    + ". This access is logged and will be reviewed.");
        }
    }

    @Command(name = "accounting", description = {"A family's accounting of disclosures: every time the hub sent, or "
            + "did not send, information about the family (or one member) to a partner, and on what basis, "
            + "from the ledger. Reading it is logged with your user id.", "%nRole: auditor or consent-officer."},
            footer = {"%nExamples:", "  kith admin accounting F-1001", "  kith admin accounting F-1001 --person F-1001-C1"})
    static final class Accounting extends AdminCall {
        @Parameters(paramLabel = "FAMILY", description = "The family id.")
        String familyId;

        @Option(names = "--person", paramLabel = "ID", description = "Only what concerned this family member.")
        String person;

        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.query(family(familyId, "accounting"), "person", person)),
                    answer -> Table.of(answer.path("entries"), "at", "recipient", "messageType", "outcome",
                            "withheld", "sentence"));
        }
    }
}
