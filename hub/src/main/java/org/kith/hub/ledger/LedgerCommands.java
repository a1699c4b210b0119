package org.kith.hub.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.crypto.KeyLookup;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.topics.TopicReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kith ledger verify|export|prove|check-proof} on the ledger topic or an export file (one
 * record a line, any number of chains). Keys come from the hub's key directory or from a published JWKS, so an auditor needs
 * no passphrase and no access to the hub. Exit status 0 when everything verifies, 1 otherwise.
 */
@Command(name = "ledger", description = "Verify the ledger and prove that a record is in it.",
        subcommands = {LedgerCommands.Verify.class, LedgerCommands.Export.class, LedgerCommands.AccountingCommand.class,
                LedgerCommands.Prove.class, LedgerCommands.CheckProof.class})
public final class LedgerCommands {

    /** The hub's public keys: from its key directory or from a JWKS file. */
    static final class Keys {

        @Option(names = "--jwks", description = "The hub's published keys (kith keys publish).")
        Path jwks;

        @Option(names = "--data-dir", description = "The hub's data directory (its keys/ folder).")
        Path dataDir;

        KeyLookup lookup() throws IOException {
            return jwks != null ? Jwks.parse(Files.readString(jwks, StandardCharsets.UTF_8)) : KeyDirectory.in(dataDir).publicKeys();
        }
    }

    /** Where the records come from: an export file, or the ledger topic of a running hub. */
    static final class Source {

        @Option(names = "--file", description = "A ledger export: one JSON record a line.")
        Path file;

        @ArgGroup(exclusive = false)
        Topic topic;

        static final class Topic {
            @Option(names = "--bootstrap-servers", required = true, description = "The hub's Kafka cluster.")
            String bootstrapServers;

            @Option(names = "--topic", defaultValue = "kith.ledger", description = "The ledger topic (default: ${DEFAULT-VALUE}).")
            String name;
        }

        List<String> lines() throws IOException {
            return file != null ? Files.readAllLines(file, StandardCharsets.UTF_8) : readTopic(topic.bootstrapServers, topic.name);
        }
    }

    /** Every record of the ledger topic, one line each; within a partition (a chain) in order. */
    public static List<String> readTopic(String bootstrapServers, String topic) {
        return TopicReader.readValues(bootstrapServers, topic);
    }

    @Command(name = "verify", description = "Check every chain of the ledger (topic or export file); print OK and the counts, or the first bad record.")
    static final class Verify implements Callable<Integer> {

        @ArgGroup(multiplicity = "1")
        Source source;

        @ArgGroup(multiplicity = "1")
        Keys keys;

        @Override
        public Integer call() throws IOException {
            List<String> lines = source.lines();
            Map<String, LedgerVerification> results = new LedgerVerifier(keys.lookup()).verifyAll(lines);
            boolean ok = true;
            long records = 0;
            for (var entry : results.entrySet()) {
                if (entry.getValue() instanceof LedgerVerification.Ok chain) {
                    records += chain.records();
                    System.out.printf("OK   %s: %d records, %d checkpoints, %d unsealed after the last%n", entry.getKey(),
                            chain.records(), chain.checkpoints(), chain.unsealed());
                } else if (entry.getValue() instanceof LedgerVerification.Bad bad) {
                    ok = false;
                    System.out.printf("BAD  %s: record seq %d (line %d of its chain): %s%n", entry.getKey(), bad.seq(), bad.line(),
                            bad.fault().code());
                }
            }
            System.out.println(ok ? "OK " + records + " records" : "NOT OK");
            return ok ? 0 : 1;
        }
    }

    @Command(name = "export", description = "Write the ledger topic to a file, one record a line, for an auditor or a court.")
    static final class Export implements Callable<Integer> {

        @ArgGroup(exclusive = false, multiplicity = "1")
        Source.Topic topic;

        @Option(names = "--out", required = true, description = "The file to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            List<String> lines = readTopic(topic.bootstrapServers, topic.name);
            Files.write(out, lines, StandardCharsets.UTF_8);
            System.out.printf("%d records written to %s%n", lines.size(), out);
            return 0;
        }
    }

    @Command(name = "accounting", description = "The accounting of disclosures of a family (or one member): JSON, "
            + "or a printable HTML page with --html.")
    static final class AccountingCommand implements Callable<Integer> {

        @Option(names = "--family", required = true, description = "The family id.")
        String familyId;

        @Option(names = "--person", description = "Only what concerned this member of the family.")
        String person;

        @ArgGroup(multiplicity = "1")
        Source source;

        @Option(names = "--html", description = "Write the printable page to this file instead of printing JSON.")
        Path html;

        @Override
        public Integer call() throws IOException {
            List<com.fasterxml.jackson.databind.JsonNode> records = new java.util.ArrayList<>();
            for (String line : source.lines()) {
                records.add(org.kith.schemas.Json.mapper().readTree(line));
            }
            var entries = Accounting.of(familyId, Optional.ofNullable(person), records);
            if (html != null) {
                Files.writeString(html, Accounting.html(familyId, Optional.ofNullable(person), entries), StandardCharsets.UTF_8);
                System.out.printf("%d entries written to %s%n", entries.size(), html);
            } else {
                System.out.println(Accounting.json(familyId, Optional.ofNullable(person), entries).toPrettyString());
            }
            return 0;
        }
    }

    @Command(name = "prove", description = "Print the inclusion proof of one record, against the checkpoint that seals it.")
    static final class Prove implements Callable<Integer> {

        @Option(names = "--file", required = true, description = "The ledger export.")
        Path file;

        @Option(names = "--chain", required = true, description = "The record's chain, e.g. kith.ledger-3.")
        String chain;

        @Parameters(paramLabel = "SEQ", description = "The record's seq.")
        long seq;

        @Override
        public Integer call() throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("\"chain\":\"" + chain + "\"")).toList();
            Optional<InclusionProof> proof = InclusionProof.prove(lines, seq);
            if (proof.isEmpty()) {
                System.err.printf("No sealed record %d in chain %s (not there, or after the last checkpoint)%n", seq, chain);
                return 1;
            }
            System.out.println(proof.get().toJson());
            return 0;
        }
    }

    @Command(name = "check-proof", description = "Check an inclusion proof against the hub's public keys.")
    static final class CheckProof implements Callable<Integer> {

        @Parameters(paramLabel = "PROOF", description = "A proof printed by 'kith ledger prove'.")
        Path proof;

        @ArgGroup(multiplicity = "1")
        Keys keys;

        @Override
        public Integer call() throws IOException {
            InclusionProof.Check check = InclusionProof.fromJson(Files.readString(proof, StandardCharsets.UTF_8)).verify(keys.lookup());
            if (check instanceof InclusionProof.Check.Valid valid) {
                System.out.printf("OK record %d is sealed by the signed checkpoint %d%n", valid.seq(), valid.checkpointSeq());
                return 0;
            }
            System.out.println("NOT OK: " + ((InclusionProof.Check.Invalid) check).fault().code());
            return 1;
        }
    }
}
