package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.crypto.Jwks;
import picocli.CommandLine;

/** {@code kith ledger verify|prove|check-proof} on an export file, with the published keys. */
class LedgerCommandsTest {

    @TempDir
    Path dir;

    private final LedgerFixture fixture = new LedgerFixture(3, 5).append(23);

    private record Run(int status, String out) {
    }

    private Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = new CommandLine(new LedgerCommands()).execute(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void verifyPrintsOkAndTheCountOrTheFirstBadRecord() throws IOException {
        Path jwks = Files.writeString(dir.resolve("keys.json"), Jwks.write(fixture.keys.publicKeys()));
        Path export = Files.write(dir.resolve("ledger.jsonl"), fixture.lines);
        Run ok = run("verify", "--file", export.toString(), "--jwks", jwks.toString());
        assertEquals(0, ok.status(), ok.out());
        assertTrue(ok.out().contains("OK   kith.ledger-0: 27 records, 4 checkpoints, 3 unsealed after the last"), ok.out());
        assertTrue(ok.out().endsWith("OK 27 records\n"), ok.out());

        List<String> tampered = new ArrayList<>(fixture.lines);
        tampered.remove(8);
        Run bad = run("verify", "--file", Files.write(dir.resolve("bad.jsonl"), tampered).toString(), "--jwks", jwks.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.out().contains("BAD  kith.ledger-0: record seq 8 (line 9 of its chain): missing"), bad.out());
    }

    @Test
    void proveWritesAProofThatChecks() throws IOException {
        Path jwks = Files.writeString(dir.resolve("keys.json"), Jwks.write(fixture.keys.publicKeys()));
        Path export = Files.write(dir.resolve("ledger.jsonl"), fixture.lines);
        Run proof = run("prove", "--file", export.toString(), "--chain", "kith.ledger-0", "13");
        assertEquals(0, proof.status());
        Path file = Files.writeString(dir.resolve("proof.json"), proof.out());
        Run check = run("check-proof", file.toString(), "--jwks", jwks.toString());
        assertEquals(0, check.status(), check.out());
        assertEquals("OK record 13 is sealed by the signed checkpoint 17\n", check.out());
        assertEquals(1, run("prove", "--file", export.toString(), "--chain", "kith.ledger-0", "25").status(), "unsealed");
    }
}
