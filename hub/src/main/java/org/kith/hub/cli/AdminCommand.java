package org.kith.hub.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kith admin}: the administration API of a running hub from the command line, so that an
 * administrator needs neither curl nor the API's paths. Every command calls one endpoint with the
 * user's bearer token; the hub decides what the user's roles allow. Its help options are inherited by
 * every admin command, so each has {@code --help}.
 */
@Command(name = "admin", subcommands = {ConfigCommands.Agreements.class, ConfigCommands.RoutingRules.class,
        ConfigCommands.StatuteRules.class, ChangeCommands.class, AdminCommand.DryRun.class,
        FamilyCommands.Directives.class, FamilyCommands.Authorities.class, FamilyCommands.Emergency.class,
        FamilyCommands.Accounting.class, ConfigCommands.Partners.class, AdminCommand.Measures.class,
        AdminCommand.ServiceGaps.class, DirectoryCommands.class},
        description = {"Administer a running hub over its HTTP administration API: agreements, routing and statute "
                + "rules, changes waiting for approval, dry-runs, families' consent, partners and measures.",
                "%nEvery command needs the hub's address (--url or env KITH_ADMIN_URL) and your API token "
                        + "(--token-file or env KITH_ADMIN_TOKEN), issued with your user in the hub's users file or "
                        + "by the partnership's identity provider. 'kith admin COMMAND --help' says which role each "
                        + "command needs. Exit codes: 0 done, 1 refused by the hub or not reached, 2 a usage error."},
        footer = {"%nExample:", "  export KITH_ADMIN_URL=https://kith.example.org",
                "  export KITH_ADMIN_TOKEN=\"$(cat ~/.kith-token)\"", "  kith admin agreements list"})
public final class AdminCommand {

    @Command(name = "dry-run", description = {"Shows what the hub would do with a message now, sending and recording "
            + "nothing: for each recipient the outcome (permit, redact, deny), what would be disclosed and withheld, "
            + "and why. The file is a structured CloudEvent as a partner submits it; its 'source' is the sender tried.",
            "%nRole: administrator or consent-officer."},
            footer = {"%nExamples:", "  kith admin dry-run referral.json", "  kith admin dry-run referral.json --output json"})
    static final class DryRun extends AdminCall {
        @Parameters(paramLabel = "FILE", description = "The message: a CloudEvent in JSON.")
        Path file;

        @Override
        void run(AdminClient hub) {
            AdminClient.Reply reply = hub.send("POST", AdminClient.path("dry-run"), AdminClient.CLOUDEVENTS,
                    readJson(file));
            if (!options.json()) {
                var report = reply.json();
                out().printf("%s from %s about family %s, purpose %s:%n", report.path("type").asText(),
                        report.path("sender").asText(), report.path("familyId").asText(), report.path("purpose").asText());
            }
            print(reply, report -> Table.of(report.path("recipients"),
                    "recipient", "outcome", "disclosed", "withheld", "explanation"));
        }
    }

    @Command(name = "measures", description = {"The partnership's measures (referrals, timeliness, outcomes, "
            + "disparities), small counts suppressed, printed as the hub sends them: JSON, CSV or an HTML page.",
            "%nRole: auditor or administrator."},
            footer = {"%nExamples:", "  kith admin measures --from 2026-01 --to 2026-06 --format csv > measures.csv",
                    "  kith admin measures --format html > measures.html"})
    static final class Measures extends AdminCall {
        @Option(names = "--from", paramLabel = "YYYY-MM", description = "The first month.")
        String from;

        @Option(names = "--to", paramLabel = "YYYY-MM", description = "The last month.")
        String to;

        @Option(names = "--format", paramLabel = "json|csv|html", description = "json (the hub's default), csv or html.")
        String format;

        @Override
        void run(AdminClient hub) {
            out().print(hub.get(AdminClient.query(AdminClient.path("measures"), "from", from, "to", to, "format",
                    format)).body());
        }
    }

    @Command(name = "service-gaps", description = {"Declined referrals and long waits by service type, area and "
            + "reason: counts only, no family.", "%nRole: auditor or administrator."},
            footer = {"%nExample:", "  kith admin service-gaps"})
    static final class ServiceGaps extends AdminCall {
        @Override
        void run(AdminClient hub) {
            print(hub.get(AdminClient.path("service-gaps")),
                    answer -> Table.of(answer.path("serviceGaps"), "serviceType", "area", "reason", "count"));
        }
    }
}
