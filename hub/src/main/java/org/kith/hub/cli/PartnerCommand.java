package org.kith.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.kith.hub.broker.PartnerKafkaAccess;
import org.kith.schemas.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code kith partner add|credentials|revoke}: onboarding a partner in one step, through the running
 * hub's administration API. {@code add} registers the partner and issues its credentials, and writes
 * them into a new directory to hand to the partner over a secure channel: the hub keeps only the
 * token's hash and the certificate's serial, so nobody can print them again.
 */
@Command(name = "partner", subcommands = {PartnerCommand.Add.class, PartnerCommand.Credentials.class,
        PartnerCommand.Revoke.class},
        description = "Onboard a partner (register it and issue its credentials), issue new ones, or revoke them all.")
public final class PartnerCommand {

    /** What to issue, shared by {@code add} and {@code credentials}. */
    abstract static class Issuing extends AdminCall {
        @Parameters(paramLabel = "ID", description = "The partner's id: lower-case letters, digits and '-'.")
        String id;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "A new directory for the credentials (token, client.cert.pem, client.key.pem, "
                        + "ca.cert.pem, kafka.properties, librdkafka.conf); files holding a secret are readable by the owner only.")
        Path out;

        @Option(names = "--public-key", paramLabel = "PEM",
                description = "The partner's own public key (BEGIN PUBLIC KEY): its certificate is issued on it and "
                        + "its private key never leaves it. Without it the hub makes the key pair.")
        Path publicKey;

        @Option(names = "--no-certificate", description = "Issue no client certificate (the partner uses its token).")
        boolean noCertificate;

        @Option(names = "--kafka", description = "Also make the partner a Kafka user, allowed its own topics only.")
        boolean kafka;

        /**
         * Refuses (exit 2) an {@code --out} that already holds files, before anything is asked of the
         * hub: credentials issued but not written would be lost, and a new token replaces the old one.
         */
        void checkOut() {
            if (Files.isDirectory(out)) {
                try (var entries = Files.list(out)) {
                    if (entries.findAny().isEmpty()) {
                        return;
                    }
                } catch (IOException e) {
                    throw new ParameterException(spec.commandLine(), "cannot read " + out);
                }
            }
            if (Files.exists(out)) {
                throw new ParameterException(spec.commandLine(), "--out " + out + " exists and is not an empty "
                        + "directory: give a new one, so no credential is overwritten");
            }
        }

        /** Asks the hub for the credentials and writes them to {@code --out}. */
        void issue(AdminClient hub) {
            ObjectNode request = Json.mapper().createObjectNode().put("token", true).put("kafka", kafka);
            if (!noCertificate) {
                ObjectNode certificate = request.putObject("certificate");
                if (publicKey != null) {
                    certificate.put("publicKey", read(publicKey));
                }
            }
            AdminClient.Reply reply = hub.send("POST", AdminClient.path("partners", id, "credentials"),
                    AdminClient.JSON, request.toString().getBytes(StandardCharsets.UTF_8));
            List<String> written = write(reply.json());
            if (options.json()) {
                printJson(Json.mapper().createObjectNode().put("partner", id).put("directory", out.toString())
                        .set("files", Json.mapper().valueToTree(written)));
            } else {
                out().printf("Credentials of partner %s written to %s: %s%n", id, out, String.join(", ", written));
                out().println("Hand them to the partner over a secure channel: the hub keeps no copy it could show again.");
            }
        }

        private List<String> write(JsonNode issued) {
            try {
                Files.createDirectories(out);
                List<String> files = new ArrayList<>();
                if (issued.hasNonNull("token")) {
                    files.add(secret("token", issued.get("token").asText() + "\n"));
                }
                JsonNode certificate = issued.path("certificate");
                if (certificate.hasNonNull("certificatePem")) {
                    files.add(plain("client.cert.pem", certificate.get("certificatePem").asText()));
                    files.add(plain("ca.cert.pem", certificate.path("authorityPem").asText()));
                    if (certificate.hasNonNull("privateKeyPem")) {
                        files.add(secret("client.key.pem", certificate.get("privateKeyPem").asText()));
                    }
                }
                JsonNode kafkaUser = issued.path("kafka");
                if (kafkaUser.hasNonNull("authorityPem") && !files.contains("ca.cert.pem")) {
                    files.add(plain("ca.cert.pem", kafkaUser.get("authorityPem").asText()));
                }
                if (kafkaUser.hasNonNull("password")) {
                    files.add(secret("kafka.properties", kafkaProperties(kafkaUser, out.resolve("ca.cert.pem"))));
                    files.add(secret("librdkafka.conf", librdkafkaConf(kafkaUser, out.resolve("ca.cert.pem"))));
                }
                return files;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the credentials to " + out, e);
            }
        }

        private String plain(String name, String content) throws IOException {
            Files.writeString(out.resolve(name), content, StandardCharsets.UTF_8);
            return name;
        }

        private String secret(String name, String content) throws IOException {
            Path file = out.resolve(name);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own access rules apply
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return name;
        }

        private String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file);
            }
        }
    }

    /**
     * The partner's Kafka client settings for the Java client ({@code kafka.properties}), as the hub
     * answered them; over TLS it trusts the hub CA ({@code authority}, a PEM file written beside it).
     * A consumer reads committed records only: the hub writes its copies in transactions, and a
     * {@code read_uncommitted} reader could see a copy of one that was aborted.
     */
    static String kafkaProperties(JsonNode kafka, Path authority) {
        String protocol = protocol(kafka);
        return header(kafka, "Java client (kafka-clients 3.x, 4.x)")
                + "bootstrap.servers=" + kafka.path("bootstrap").asText() + "\n"
                + "security.protocol=" + protocol + "\n"
                + (protocol.equals("SASL_SSL") ? "ssl.truststore.type=PEM\nssl.truststore.location="
                        + location(authority) + "\n" : "")
                + "sasl.mechanism=" + mechanism(kafka) + "\n"
                + "sasl.jaas.config=" + PartnerKafkaAccess.KafkaCredential.jaasConfig(kafka.path("username").asText(),
                        kafka.path("password").asText()) + "\n"
                + groupAndIsolation(kafka);
    }

    /**
     * The same settings in librdkafka's names ({@code librdkafka.conf}), for {@code kcat -F} and the
     * clients built on librdkafka (confluent-kafka for Python, Go and .NET, node-rdkafka...), and
     * readable by any other client: plain {@code key=value} lines. librdkafka before 2.6.1 cannot log
     * in to a Kafka 4 broker by SCRAM (it sends a nonce Kafka 4 rightly refuses), hence the note.
     */
    static String librdkafkaConf(JsonNode kafka, Path authority) {
        String protocol = protocol(kafka);
        return header(kafka, "librdkafka 2.6.1 or later (kcat -F, confluent-kafka clients); earlier versions "
                        + "cannot log in to Kafka 4 by SCRAM")
                + "bootstrap.servers=" + kafka.path("bootstrap").asText() + "\n"
                + "security.protocol=" + protocol.toLowerCase(java.util.Locale.ROOT) + "\n"
                + (protocol.equals("SASL_SSL") ? "ssl.ca.location=" + location(authority) + "\n" : "")
                + "sasl.mechanisms=" + mechanism(kafka) + "\n"
                + "sasl.username=" + kafka.path("username").asText() + "\n"
                + "sasl.password=" + kafka.path("password").asText() + "\n"
                + groupAndIsolation(kafka);
    }

    private static String header(JsonNode kafka, String client) {
        StringBuilder header = new StringBuilder("# Kith: the partner's Kafka client settings for the " + client
                + ".\n# Keep this file secret.\n");
        for (String[] topic : new String[][] {{"inboundTopic", "write your messages to"},
                {"outboundTopic", "read the copies released to you from"}, {"statusTopic", "read what became of yours from"}}) {
            if (kafka.hasNonNull(topic[0])) {
                header.append("# ").append(topic[1]).append(": ").append(kafka.get(topic[0]).asText()).append('\n');
            }
        }
        return header.toString();
    }

    private static String groupAndIsolation(JsonNode kafka) {
        return (kafka.hasNonNull("groupId") ? "group.id=" + kafka.get("groupId").asText() + "\n" : "")
                + "isolation.level=read_committed\n";
    }

    private static String protocol(JsonNode kafka) {
        return kafka.path("securityProtocol").asText("SASL_PLAINTEXT");
    }

    private static String mechanism(JsonNode kafka) {
        return kafka.path("mechanism").asText("SCRAM-SHA-512");
    }

    private static String location(Path authority) {
        return authority.toAbsolutePath().toString().replace("\\", "/");
    }

    @Command(name = "add", description = {"Registers a partner and issues its credentials: an API token, a client "
            + "certificate from the hub's certificate authority, and with --kafka a Kafka user. They are written to "
            + "--out, nowhere else.", "%nRole: administrator."},
            footer = {"%nExamples:",
                    "  kith partner add county-court --kind court --name \"County Family Court\" --out ./county-court",
                    "  kith partner add riverside --kind mental-health --name \"Riverside Counseling\" "
                            + "--webhook https://riverside.example.org/kith --keys riverside.jwks.json --kafka --out ./riverside"})
    static final class Add extends Issuing {
        @Option(names = "--kind", required = true, description = "child-welfare, court, school, mental-health, ...")
        String kind;

        @Option(names = "--name", required = true, description = "The organisation's name.")
        String name;

        @Option(names = "--contact", description = "Whom at the partner to call about its connection.")
        String contact;

        @Option(names = "--webhook", paramLabel = "URL", description = "Where the hub delivers the partner's messages.")
        String webhook;

        @Option(names = "--keys", paramLabel = "JWKS", description = "The partner's Ed25519 signing keys (a JWKS file).")
        Path keys;

        @Override
        void run(AdminClient hub) {
            checkOut();
            ObjectNode entry = Json.mapper().createObjectNode().put("kind", kind).put("name", name);
            if (contact != null) {
                entry.put("contact", contact);
            }
            if (webhook != null) {
                entry.put("webhook", webhook);
            }
            if (keys != null) {
                entry.set("publicKeys", parse(readJson(keys)));
            }
            hub.send("PUT", AdminClient.path("partners", id), AdminClient.JSON,
                    entry.toString().getBytes(StandardCharsets.UTF_8));
            issue(hub);
        }
    }

    @Command(name = "credentials", description = {"Issues a registered partner new credentials: a new token "
            + "(the old one stops working), a new client certificate (those issued before stay in force until "
            + "'revoke'), and with --kafka a new Kafka password.", "%nRole: administrator."},
            footer = {"%nExample:", "  kith partner credentials county-court --out ./county-court-2027"})
    static final class Credentials extends Issuing {
        @Override
        void run(AdminClient hub) {
            checkOut();
            issue(hub);
        }
    }

    @Command(name = "revoke", description = {"Revokes every credential of a partner at once: its Kafka user and "
            + "access, its token and its certificates (added to the CA's revocation list). It then neither sends "
            + "nor receives, on every instance; its history stays. 'kith partner add' with its id registers it again.",
            "%nRole: administrator."},
            footer = {"%nExample:", "  kith partner revoke county-court"})
    static final class Revoke extends AdminCall {
        @Parameters(paramLabel = "ID", description = "The partner's id.")
        String id;

        @Override
        void run(AdminClient hub) {
            say(hub.send("POST", AdminClient.path("partners", id, "revoke"), AdminClient.JSON, "{}".getBytes(
                    StandardCharsets.UTF_8)), answer -> "revoked partner " + id + " at " + answer.path("revokedAt").asText());
        }
    }
}
