package org.kith.hub.crypto;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kith.schemas.KithHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kith keys init|rotate|publish}: the hub's signing keys and certificate authority in
 * {@code <data dir>/keys/} (see {@link KeyDirectory}). The passphrase never appears on the command
 * line (where other users of the machine could read it): it comes from a file, an environment
 * variable, or the terminal. {@code kith keys verify-delivery} is what a partner runs to check a
 * delivery against the hub's published keys ({@link Verifier}); it needs no secret.
 */
@Command(name = "keys", description = "Create, rotate and publish the hub's signing keys; verify a delivery.",
        subcommands = {KeyCommands.Init.class, KeyCommands.Rotate.class, KeyCommands.Publish.class,
                KeyCommands.VerifyDelivery.class})
public final class KeyCommands {

    /** Where the keys are and how to unlock them. */
    static final class Location {

        @Option(names = "--data-dir", defaultValue = "${env:KITH_DATA_DIR:-./data}",
                description = "The hub's data directory; keys go in its keys/ folder (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--passphrase-file", description = "A file whose first line is the key passphrase.")
        Path passphraseFile;

        @Option(names = "--passphrase-env", defaultValue = "KITH_KEYS_PASSPHRASE",
                description = "An environment variable holding the passphrase (default: ${DEFAULT-VALUE}).")
        String passphraseEnv;

        KeyDirectory keys() {
            return KeyDirectory.in(dataDir);
        }

        char[] passphrase() throws IOException {
            if (passphraseFile != null) {
                return Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
            }
            String fromEnv = System.getenv(passphraseEnv);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no passphrase: give --passphrase-file or set " + passphraseEnv);
            }
            return console.readPassword("Key passphrase: ");
        }
    }

    @Command(name = "init", description = "Create the hub's first Ed25519 signing key and its certificate authority.")
    static final class Init implements Callable<Integer> {

        @Mixin
        Location location;

        @Override
        public Integer call() throws IOException {
            KeyRing ring = location.keys().init(location.passphrase(), Clock.systemUTC(), new SecureRandom());
            System.out.printf("Created signing key %s and the certificate authority in %s%n", ring.active().kid(),
                    location.keys().path());
            return 0;
        }
    }

    @Command(name = "rotate", description = "Make a new signing key active; the current one is retired now and kept for verification.")
    static final class Rotate implements Callable<Integer> {

        @Mixin
        Location location;

        @Override
        public Integer call() throws IOException {
            KeyRing ring = location.keys().rotate(location.passphrase(), Clock.systemUTC(), new SecureRandom());
            System.out.printf("Signing key is now %s; %d keys kept for verification%n", ring.active().kid(),
                    ring.publicKeys().all().size());
            return 0;
        }
    }

    @Command(name = "publish", description = "Print the hub's public keys as a JWKS (what partners verify with); no passphrase needed.")
    static final class Publish implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "${env:KITH_DATA_DIR:-./data}", description = "The hub's data directory.")
        Path dataDir;

        @Override
        public Integer call() {
            System.out.println(Jwks.write(KeyDirectory.in(dataDir).publicKeys()));
            return 0;
        }
    }

    @Command(name = "verify-delivery", description = {
            "Check the hub's signature on a delivery against the hub's published keys (exit 0: valid, 1: not).",
            "A webhook delivery: --body is the request body as received, --signature its Kith-Signature header.",
            "A record of the partner's Kafka topic: --body is the record value, --signature its kith-signature header,",
            "and --header gives each of its ce_ headers and content-type."})
    static final class VerifyDelivery implements Callable<Integer> {

        @Option(names = "--jwks", required = true, description = "The hub's keys as a JWKS (GET /.well-known/jwks.json).")
        Path jwks;

        @Option(names = "--body", required = true, description = "A file with the body (or record value) exactly as received.")
        Path body;

        @Option(names = "--signature", required = true, description = "The detached JWS of the Kith-Signature (kith-signature) header.")
        String signature;

        @Option(names = "--header", paramLabel = "NAME=VALUE",
                description = "A header of a Kafka record (ce_... and content-type), repeated; none: a webhook delivery.")
        Map<String, String> headers = new LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            Verifier hub = Verifier.fromJwks(Files.readString(jwks, StandardCharsets.UTF_8));
            byte[] bytes = Files.readAllBytes(body);
            JwsVerification result;
            if (headers.isEmpty()) {
                result = hub.verifyStructured(signature, bytes);
            } else {
                Map<String, String> record = new LinkedHashMap<>(headers);
                record.put(KithHeaders.SIGNATURE, signature);
                result = hub.verifyKafkaRecord(record, bytes);
            }
            if (result instanceof JwsVerification.Valid valid) {
                System.out.printf("OK: signed by the hub's key %s at %s%n", valid.kid(), valid.signedAt());
                return 0;
            }
            System.out.printf("NOT OK: %s%n", ((JwsVerification.Invalid) result).reason().code());
            return 1;
        }
    }
}
