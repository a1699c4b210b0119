package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.schemas.CloudEventCodec;
import picocli.CommandLine;

/** {@code kith keys init|rotate|publish} with the passphrase from a file; {@code verify-delivery} with a JWKS. */
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

    @Test
    void verifyDeliveryChecksAWebhookBodyOrAKafkaRecordAgainstTheHubsKeys() throws Exception {
        KeyRing hub = KeyRing.of(SigningKey.generate(new SecureRandom()), Clock.systemUTC());
        Path jwks = Files.writeString(data.resolve("hub-keys.json"), Jwks.write(hub.publicKeys()));
        Path body = Files.writeString(data.resolve("body.json"), "{\"specversion\":\"1.0\",\"id\":\"m-1\"}");
        String signature = DetachedJws.sign(hub, Files.readAllBytes(body));
        CommandLine keys = new CommandLine(new KeyCommands());

        assertEquals(0, keys.execute("verify-delivery", "--jwks", jwks.toString(), "--body", body.toString(),
                "--signature", signature));
        Files.writeString(body, "{\"specversion\":\"1.0\",\"id\":\"m-2\"}");
        assertEquals(1, keys.execute("verify-delivery", "--jwks", jwks.toString(), "--body", body.toString(),
                "--signature", signature));

        Path value = Files.writeString(data.resolve("value.json"), "{\"referralId\":\"R-1\"}");
        Map<String, String> record = Map.of("ce_id", "m-1", "ce_recipients", "riverside-clinic", "content-type", "application/json");
        String recordSignature = DetachedJws.sign(hub, SigningInput.binary(record, CloudEventCodec.Binding.KAFKA,
                Files.readAllBytes(value)));
        String[] verifyRecord = {"verify-delivery", "--jwks", jwks.toString(), "--body", value.toString(),
                "--signature", recordSignature, "--header", "ce_id=m-1", "--header", "ce_recipients=riverside-clinic",
                "--header", "content-type=application/json"};
        assertEquals(0, keys.execute(verifyRecord));
        verifyRecord[10] = "ce_recipients=lincoln-elementary";
        assertEquals(1, keys.execute(verifyRecord));
    }

    private static String[] concat(String command, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
