package org.kith.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.config.Secret;
import org.kith.hub.crypto.HubKeys;
import org.kith.schemas.Json;
import picocli.CommandLine;

/**
 * A new user's first steps, as typed: {@code kith init} sets the hub up (keys, the passphrase saved
 * for {@code kith run}, the first administrator and its token shown once, a partners file), after
 * which the settings {@code kith run} reads find the passphrase and unlock the keys; every start-up
 * error is one line naming the setting, exit status 2, no stack trace; and every command has a help.
 */
class FirstRunTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run kith(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KithCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void initSetsUpWhatRunNeeds(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path users = dir.resolve("config/users.json");
        Path partners = dir.resolve("config/partners.json");
        Path passphrase = Files.writeString(dir.resolve("typed"), "a passphrase of mine\n");
        Run init = kith("init", "--data-dir", data.toString(), "--users-file", users.toString(), "--partners-file",
                partners.toString(), "--passphrase-file", passphrase.toString(), "--admin", "admin-ana");
        assertEquals(0, init.exit(), init.err());

        Matcher shown = Pattern.compile("shown this once[^\\n]*\\n  (\\S+)\\n").matcher(init.out());
        assertTrue(shown.find(), init.out());
        String token = shown.group(1);
        JsonNode user = Json.mapper().readTree(Files.readString(users)).at("/users/0");
        assertEquals("admin-ana", user.get("id").asText());
        assertEquals("administrator", user.at("/roles/0").asText());
        assertEquals(PartnerRegistry.sha256(token), user.get("tokenSha256").asText(), "only the token's hash is kept");
        assertFalse(Files.readString(users).contains(token));
        assertEquals(0, PartnerRegistry.load(partners).all().size(), "an empty partners file");
        Path saved = data.resolve(HubConfig.PASSPHRASE_FILE);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(saved));

        // what 'kith run' reads: no passphrase given, the saved one found, the keys unlocked by it
        HubConfig config = HubConfig.from(Map.of(HubOption.DATA_DIR.key(), data.toString()), Map.of(), Map.of());
        assertEquals("a passphrase of mine", new String(config.keysPassphrase().map(Secret::chars).orElseThrow()));
        HubKeys.open(data, config.keysPassphrase().map(Secret::chars), Clock.systemUTC());

        Run again = kith("init", "--data-dir", data.toString(), "--users-file", users.toString(), "--passphrase-file",
                passphrase.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("set up already"), again.err());
        assertEquals(1, Json.mapper().readTree(Files.readString(users)).get("users").size(), "nothing changed");
    }

    @Test
    void initAddsTheAdministratorToAnExistingUsersFileAndWritesATokenFile(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("users.json"),
                "{\"users\": [{\"id\": \"ops\", \"roles\": [\"operator\"], \"tokenSha256\": \"00\"}]}");
        Path passphrase = Files.writeString(dir.resolve("typed"), "another passphrase\n");
        Path tokenFile = dir.resolve("admin.token");
        Run init = kith("init", "--data-dir", dir.resolve("data").toString(), "--users-file", users.toString(),
                "--partners-file", dir.resolve("partners.json").toString(), "--passphrase-file", passphrase.toString(),
                "--token-file", tokenFile.toString(), "--no-save-passphrase");
        assertEquals(0, init.exit(), init.err());
        String token = Files.readString(tokenFile).strip();
        assertFalse(init.out().contains(token), "the token is in its file only");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        JsonNode all = Json.mapper().readTree(Files.readString(users)).get("users");
        assertEquals(List.of("ops", "admin"), all.findValuesAsText("id"));
        assertFalse(Files.exists(dir.resolve("data").resolve(HubConfig.PASSPHRASE_FILE)));
    }

    @Test
    void initRefusesAShortPassphraseBeforeChangingAnything(@TempDir Path dir) throws Exception {
        Path passphrase = Files.writeString(dir.resolve("typed"), "short\n");
        Run init = kith("init", "--data-dir", dir.resolve("data").toString(), "--users-file",
                dir.resolve("users.json").toString(), "--passphrase-file", passphrase.toString());
        assertEquals(2, init.exit());
        assertTrue(init.err().contains("at least 12 characters"), init.err());
        assertFalse(Files.exists(dir.resolve("data")));
        assertFalse(Files.exists(dir.resolve("users.json")));
    }

    @Test
    void aBadSettingIsOneLineNamingItWithExitStatusTwo(@TempDir Path dir) throws Exception {
        assertOneLine(kith("run", "--set", HubOption.HTTP_PORT.key() + "=eighty"), HubOption.HTTP_PORT.key());
        assertOneLine(kith("run", "--set", "kith.http.prot=8080"), "kith.http.prot");
        Path partners = Files.writeString(dir.resolve("partners.json"), "{\"partners\": []}");
        // an empty data directory and no passphrase: the hub stops before it starts anything
        Run noPassphrase = kith("run", "--set", HubOption.DATA_DIR.key() + "=" + dir.resolve("data"),
                "--set", HubOption.PARTNERS_FILE.key() + "=" + partners);
        assertOneLine(noPassphrase, HubOption.KEYS_PASSPHRASE.key());
        assertTrue(noPassphrase.err().contains("kith init"), noPassphrase.err());

        Path open = Files.writeString(dir.resolve("passphrase"), "readable by all of them\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertOneLine(kith("run", "--set", HubOption.KEYS_PASSPHRASE_FILE.key() + "=" + open), "chmod 600");

        Run verbose = kith("run", "--verbose", "--set", HubOption.HTTP_PORT.key() + "=eighty");
        assertEquals(2, verbose.exit());
        assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace");
    }

    private static void assertOneLine(Run run, String named) {
        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line:\n" + run.err());
        assertTrue(run.err().startsWith("kith run: ") && run.err().contains(named), run.err());
    }

    @Test
    void everyCommandHasAHelp() {
        List<CommandLine> commands = new ArrayList<>();
        collect(KithCommand.commandLine(), commands);
        assertTrue(commands.size() > 40, "the whole tree: " + commands.size());
        for (CommandLine command : commands) {
            List<String> path = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName(" ").split(" ")));
            path.remove(0);
            path.add("--help");
            Run help = kith(path.toArray(String[]::new));
            assertEquals(0, help.exit(), String.join(" ", path) + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: " + command.getCommandSpec().qualifiedName()),
                    String.join(" ", path) + ":\n" + help.out());
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
