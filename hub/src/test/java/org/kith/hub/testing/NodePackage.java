package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js package of the tests: its scripts, {@code package.json} and lock file in
 * {@code src/test/<name>}, installed with {@code npm ci} into {@code target/<name>} the first time
 * and whenever they change ({@code .ci/run} does the same before the build), its scripts run there as
 * child processes. Without Node.js a test using one is left out on a developer's machine and fails on
 * CI ({@code CI} set), where {@code .ci/run} installs Node.js.
 */
public final class NodePackage {

    private static final long DEADLINE_SECONDS = 120;

    private final Path home;

    private NodePackage(Path home) {
        this.home = home;
    }

    /** What a script printed (standard output and error, in order) and its exit status. */
    public record Result(int exit, String output) {
    }

    /**
     * The package ready to run: Node.js found, the locked packages installed; empty, said on
     * standard error, where Node.js is missing on a developer's machine; a failure where it is
     * missing on CI.
     *
     * @param scripts the package's scripts besides its {@code package.json} and lock file
     * @param module  a module the lock file installs, whose presence says the install was made
     * @param needed  what the package is for, for the messages
     */
    public static synchronized Optional<NodePackage> installed(String name, List<String> scripts, String module,
                                                               String needed) throws IOException, InterruptedException {
        if (!found("node") || !found("npm")) {
            if (System.getenv("CI") != null) {
                fail("Node.js and npm are needed for " + needed + " (.ci/run installs them)");
            }
            System.err.println("Node.js or npm not found: " + needed + " does not run here (it does on CI)");
            return Optional.empty();
        }
        Path source = Path.of("src/test", name);
        Path home = Path.of("target", name);
        Files.createDirectories(home);
        boolean changed = false;
        List<String> files = new ArrayList<>(List.of("package.json", "package-lock.json"));
        files.addAll(scripts);
        for (String file : files) {
            Path target = home.resolve(file);
            byte[] bytes = Files.readAllBytes(source.resolve(file));
            if (!Files.exists(target) || !Arrays.equals(bytes, Files.readAllBytes(target))) {
                Files.copy(source.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
                changed |= !scripts.contains(file);
            }
        }
        NodePackage node = new NodePackage(home);
        if (changed || !Files.exists(home.resolve("node_modules").resolve(module).resolve("package.json"))) {
            Result install = node.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of());
            assertTrue(install.exit() == 0, "npm ci in target/" + name + " failed: " + install.output());
        }
        return Optional.of(node);
    }

    /** Runs {@code command} (e.g. {@code node script.mjs ...}) in the package's directory, within two minutes. */
    public Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path log = Files.createTempFile("node", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " did not end within "
                        + DEADLINE_SECONDS + " s: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean found(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
