package org.kith.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.HubOption;

/** The README stays true: every setting is documented, and CI runs the test command it gives. */
class ReadmeTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void everySettingIsInTheReadmeTable() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (HubOption option : HubOption.values()) {
            assertTrue(readme.contains("| `" + option.key() + "` | `" + option.env() + "` |"),
                    option.key() + " is missing from the README's settings table");
        }
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(readme.contains("\nmvn -B verify "), "the README gives mvn -B verify as the test command");
        assertTrue(ci.lines().anyMatch(line -> line.strip().equals("mvn -B verify")), ".ci/run must run mvn -B verify");
    }
}
