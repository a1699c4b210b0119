package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub instance in a child JVM ({@code kith run}, {@link PipelineFixture#childCommand}), so a test
 * can kill it with SIGKILL as a crash would, then start another on the same data directory and
 * topics. Its log goes to a file, kept for a look after a failure.
 */
final class ChildHub {

    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile("Kith hub ready in \\d+ ms: ingress on port (\\d+)");

    private final Process process;
    private final Path log;
    private final String name;
    private final long readyMillis;
    private final int httpPort;

    private ChildHub(Process process, Path log, String name, long readyMillis, int httpPort) {
        this.process = process;
        this.log = log;
        this.name = name;
        this.readyMillis = readyMillis;
        this.httpPort = httpPort;
    }

    /** Starts {@code kith run} on {@code dataDir}, logging to {@code log}, and waits until it is ready. */
    static ChildHub start(PipelineFixture fixture, Path dataDir, List<String> jvmOptions, Path log) throws IOException {
        long start = System.nanoTime();
        Process started = new ProcessBuilder(fixture.childCommand(dataDir, jvmOptions))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String name = log.getFileName().toString();
        try {
            Matcher ready = await("child hub " + name + " ready").atMost(START_DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        assertAlive(started, log, name);
                        return READY.matcher(Files.readString(log));
                    }, Matcher::find);
            return new ChildHub(started, log, name, Duration.ofNanos(System.nanoTime() - start).toMillis(),
                    Integer.parseInt(ready.group(1)));
        } catch (RuntimeException | Error e) {
            started.destroyForcibly();
            throw e;
        }
    }

    /** Milliseconds from the start of the process until the hub said it was ready. */
    long readyMillis() {
        return readyMillis;
    }

    /** The port its HTTP API listens on. */
    int httpPort() {
        return httpPort;
    }

    /** True while it runs; an {@link AssertionError} with the end of its log if it exited on its own. */
    boolean alive() {
        return assertAlive(process, log, name);
    }

    /** SIGKILL, as a crash: nothing is closed, flushed or committed. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed child hub " + name + " is still there");
        }
    }

    /** SIGTERM: the hub's shutdown hook closes it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child hub " + name + " did not stop on SIGTERM");
        }
    }

    /** Whatever state it is in: for a test's clean-up. */
    void destroy() {
        process.destroyForcibly();
    }

    private static boolean assertAlive(Process process, Path log, String name) {
        if (!process.isAlive()) {
            throw new AssertionError("child hub " + name + " exited on its own (" + process.exitValue() + "):\n" + tail(log));
        }
        return true;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
