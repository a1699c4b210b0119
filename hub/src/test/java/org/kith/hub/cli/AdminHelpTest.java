package org.kith.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.hub.KithCommand;
import picocli.CommandLine;

/**
 * Every {@code kith admin} command's help is something a new administrator can follow: it says what
 * the command does, which role a command that calls the hub needs, and ends with an example of
 * itself; and no command takes the token on the command line.
 */
class AdminHelpTest {

    @Test
    void everyAdminCommandDescribesItselfItsRoleAndAnExample() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new KithCommand()).getSubcommands().get("admin"), commands);
        assertTrue(commands.size() >= 30, "the admin tree: " + commands.size() + " commands");
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName();
            String help = help(command);
            assertTrue(command.getCommandSpec().usageMessage().description().length > 0, name + " has a description");
            assertFalse(help.contains("${"), name + ": every variable of its help is resolved:\n" + help);
            int example = help.indexOf("Example");
            assertTrue(example > 0, name + " ends with an example:\n" + help);
            String self = command.getSubcommands().isEmpty() ? name : name + " ";
            assertTrue(help.substring(example).contains("  " + self), name + "'s example runs it:\n" + help);
            assertTrue(help.contains("-h, --help"), name + " has --help");
            if (command.getSubcommands().isEmpty()) {
                assertTrue(help.contains("Role: "), name + " says which role it needs:\n" + help);
                assertTrue(help.contains("--token-file") && help.contains("KITH_ADMIN_TOKEN")
                        && help.contains("shell history"), name + " says where the token comes from, and why not argv");
            }
        }
    }

    @Test
    void noCommandTakesTheTokenItself() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new KithCommand()).getSubcommands().get("admin"), commands);
        for (CommandLine command : commands) {
            command.getCommandSpec().options().forEach(option -> {
                for (String name : option.names()) {
                    assertTrue(!name.contains("token") || name.equals("--token-file"),
                            command.getCommandSpec().qualifiedName() + " " + name);
                }
            });
        }
    }

    @Test
    void helpOfAKindNamesThatKind() {
        String help = help(new CommandLine(new KithCommand()).getSubcommands().get("admin").getSubcommands()
                .get("routing-rules").getSubcommands().get("list"));
        assertTrue(help.contains("Lists the routing-rules: id and key fields"), help);
        assertTrue(help.contains("  kith admin routing-rules list"), help);
    }

    @Test
    void helpExitsZeroAndAMissingTokenIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine kith = new CommandLine(new KithCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertEquals(0, kith.execute("admin", "changes", "approve", "--help"));
        assertTrue(out.toString().contains("You cannot approve a change you asked for yourself"), out.toString());
        if (System.getenv(AdminOptions.TOKEN_ENV) == null) {
            assertEquals(2, kith.execute("admin", "agreements", "list", "--url", "http://127.0.0.1:9"));
            assertTrue(err.toString().contains("no API token: give --token-file FILE or set KITH_ADMIN_TOKEN"),
                    err.toString());
        }
        assertEquals(2, kith.execute("admin", "agreements", "get"), "a missing id");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static String help(CommandLine command) {
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text));
        return text.toString();
    }
}
