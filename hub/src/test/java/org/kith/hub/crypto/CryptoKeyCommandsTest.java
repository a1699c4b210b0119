package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kith keys init|rotate|publish} with the passphrase from a file. */
class CryptoKeyCommandsTest {

    @TempDir
    Path data;

    @Test
    void initRotateAndPublish() throws Exception {
        Path passphrase = Files.writeString(data.resolve("passphrase"), "a long passphrase\n");
        String[] unlock = {"--data-dir", data.toString(), "--passphrase-file", passphrase.toString()};
        CommandLine keys = new CommandLine(new KeyCommands());

        assertEquals(0, keys.execute(concat("init", unlock)));
        String first = KeyDirectory.in(data).load("a long passphrase".toCharArray(), Clock.systemUTC()).active().kid();
        assertNotEquals(0, keys.execute(concat("init", unlock)), "a second init is refused");
        assertEquals(0, keys.execute(concat("rotate", unlock)));
        KeyRing ring = KeyDirectory.in(data).load("a long passphrase".toCharArray(), Clock.systemUTC());
        assertNotEquals(first, ring.active().kid());
        assertTrue(ring.find(first).orElseThrow().retiredAt().isPresent());
        assertEquals(0, keys.execute("publish", "--data-dir", data.toString()));
        assertEquals(2, Jwks.parse(Jwks.write(KeyDirectory.in(data).publicKeys())).all().size());
    }

    private static String[] concat(String command, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
