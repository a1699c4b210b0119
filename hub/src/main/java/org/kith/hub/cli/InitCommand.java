package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.crypto.KeyRing;
import org.kith.schemas.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kith init}: everything a first {@code kith run} needs, made in one step: the hub's keys under
 * a passphrase read from the terminal (not echoed) or a file, that passphrase saved for
 * {@code kith run} in {@code <data dir>/passphrase} (owner only), the first administrator in the
 * users file with a new token shown once, and an empty partners file where there is none.
 * It refuses a data directory that has keys already, before changing anything.
 */
@Command(name = "init", description = {"Set up a new hub: its signing keys and certificate authority (under a "
        + "passphrase read from the terminal without echo, or --passphrase-file), the passphrase saved in "
        + "<data dir>/passphrase (owner only) for 'kith run', the first administrator with a new token (shown once), "
        + "and a partners file. Then 'kith run' starts as it is."},
        footer = {"%nExamples:", "  kith init", "  kith init --admin admin-ana --token-file ~/.kith-token",
                "  kith init --passphrase-file /run/secrets/kith-passphrase --no-save-passphrase"})
public final class InitCommand implements Callable<Integer> {

    /** A passphrase shorter than this is refused: it guards the hub's signing key and CA. */
    static final int MIN_PASSPHRASE = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:KITH_DATA_DIR:-./data}",
            description = "The hub's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--users-file", paramLabel = "FILE", defaultValue = "${env:KITH_USERS_FILE:-config/users.json}",
            description = "The users file the administrator is added to, made if missing (default: ${DEFAULT-VALUE}).")
    Path usersFile;

    @Option(names = "--partners-file", paramLabel = "FILE", defaultValue = "${env:KITH_PARTNERS_FILE:-config/partners.json}",
            description = "The partners file, made empty if missing (default: ${DEFAULT-VALUE}).")
    Path partnersFile;

    @Option(names = "--admin", paramLabel = "ID", defaultValue = "admin",
            description = "The first administrator's user id (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "A file whose first line is the keys' passphrase (else it is asked for on the terminal).")
    Path passphraseFile;

    @Option(names = "--no-save-passphrase", description = "Do not write <data dir>/passphrase: 'kith run' then needs "
            + "KITH_KEYS_PASSPHRASE or kith.keys.passphrase.file (e.g. from a secret store).")
    boolean noSave;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Write the administrator's token to this new "
            + "file (owner only) instead of showing it.")
    Path tokenFile;

    @Override
    public Integer call() throws IOException {
        KeyDirectory keys = KeyDirectory.in(dataDir);
        if (keys.exists()) {
            throw new ParameterException(spec.commandLine(), "--data-dir " + dataDir + " is set up already (keys in "
                    + keys.path() + "): nothing changed");
        }
        if (!admin.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new ParameterException(spec.commandLine(), "--admin must be lower-case letters, digits, '.', '_', '-'");
        }
        if (tokenFile != null && Files.exists(tokenFile)) {
            throw new ParameterException(spec.commandLine(), "--token-file " + tokenFile + " exists: give a new file");
        }
        ObjectNode users = users();
        char[] passphrase = passphrase();
        try {
            KeyRing ring = keys.init(passphrase, Clock.systemUTC(), new SecureRandom());
            out().printf("Created the hub's signing key %s and certificate authority in %s%n", ring.active().kid(),
                    keys.path());
            if (!noSave) {
                secret(dataDir.resolve(HubConfig.PASSPHRASE_FILE), new String(passphrase) + "\n");
                out().printf("Saved the passphrase in %s (owner only): 'kith run' reads it there%n",
                        dataDir.resolve(HubConfig.PASSPHRASE_FILE));
            }
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        String token = newToken();
        ObjectNode user = ((ArrayNode) users.get("users")).addObject().put("id", admin);
        user.putArray("roles").add("administrator");
        user.put("tokenSha256", PartnerRegistry.sha256(token));
        write(usersFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(users) + "\n");
        out().printf("Added administrator %s to %s%n", admin, usersFile);
        if (!Files.exists(partnersFile)) {
            write(partnersFile, "{\"partners\": []}\n");
            out().printf("Created an empty partners file %s ('kith partner add' registers partners)%n", partnersFile);
        }
        if (tokenFile != null) {
            secret(tokenFile, token + "\n");
            out().printf("The administrator's token is in %s (owner only)%n", tokenFile);
        } else {
            out().printf("The administrator's token, shown this once (the hub keeps only its hash):%n  %s%n", token);
        }
        out().println("Next: ./kith run, then as the administrator: export KITH_ADMIN_TOKEN=<the token>; ./kith admin --help");
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The users file as it is, or a new one; refused if it already has a user of this id. */
    private ObjectNode users() throws IOException {
        if (!Files.exists(usersFile)) {
            ObjectNode fresh = Json.mapper().createObjectNode();
            fresh.putArray("users");
            return fresh;
        }
        JsonNode existing = Json.mapper().readTree(Files.readString(usersFile, StandardCharsets.UTF_8));
        if (!(existing instanceof ObjectNode object) || !existing.path("users").isArray()) {
            throw new ParameterException(spec.commandLine(), "--users-file " + usersFile + " is not {\"users\": [...]}");
        }
        for (JsonNode user : existing.get("users")) {
            if (admin.equals(user.path("id").asText())) {
                throw new ParameterException(spec.commandLine(), "--users-file " + usersFile + " has a user " + admin
                        + " already: give another --admin");
            }
        }
        return object;
    }

    private char[] passphrase() throws IOException {
        char[] passphrase;
        if (passphraseFile != null) {
            if (!Files.isReadable(passphraseFile)) {
                throw new ParameterException(spec.commandLine(), "--passphrase-file " + passphraseFile + " cannot be read");
            }
            passphrase = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    .toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new ParameterException(spec.commandLine(), "no terminal to ask the keys' passphrase on: give "
                        + "--passphrase-file");
            }
            passphrase = console.readPassword("Passphrase for the hub's keys (at least %d characters): ", MIN_PASSPHRASE);
            char[] again = console.readPassword("The same again: ");
            if (passphrase == null || !Arrays.equals(passphrase, again)) {
                throw new ParameterException(spec.commandLine(), "the two passphrases differ: nothing changed");
            }
        }
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new ParameterException(spec.commandLine(), "the passphrase must have at least " + MIN_PASSPHRASE
                    + " characters: nothing changed");
        }
        return passphrase;
    }

    private static void write(Path file, String content) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** A new file readable by its owner only, made so before the secret is written into it. */
    private static void secret(Path file, String content) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
