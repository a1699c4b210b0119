package org.kith.hub;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.kith.hub.admin.AdminChanges;
import org.kith.hub.broker.EmbeddedKafkaBroker;
import org.kith.hub.cli.AdminCommand;
import org.kith.hub.cli.InitCommand;
import org.kith.hub.cli.PartnerCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyCommands;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.demo.Demo;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kith} command: the one entry point of the hub (run, demo, and its administration). */
@Command(name = "kith", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "kith 0.1.0",
        description = "Interagency referral and data-sharing hub for child welfare partnerships.",
        subcommands = {InitCommand.class, KithCommand.Run.class, KithCommand.DemoCommand.class, KithCommand.Options.class,
                KithCommand.ConfigCommand.class, KithCommand.DeadLetterCommand.class, KeyCommands.class,
                LedgerCommands.class, AdminCommand.class, PartnerCommand.class})
public final class KithCommand {

    /** The exit status of a command that could not start: a setting, a file or an argument is wrong. */
    public static final int CANNOT_START = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace too (for a bug report).")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@code kith} runs it: an error a command stops on is one line on standard
     * error, {@code kith <command>: <what is wrong>} (the setting or file it names), exit status 2,
     * with its stack trace only under {@code --verbose}.
     */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new KithCommand());
        line.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(error));
            if (java.util.stream.Stream.iterate(parsed, java.util.Objects::nonNull, CommandLine.ParseResult::subcommand)
                    .anyMatch(p -> p.hasMatchedOption("--verbose"))) {
                error.printStackTrace(command.getErr());
            }
            command.getErr().flush();
            return CANNOT_START;
        });
        line.setParameterExceptionHandler((error, args) -> {
            CommandLine command = error.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(error) + " (see '"
                    + command.getCommandSpec().qualifiedName() + " --help')");
            command.getErr().flush();
            return CANNOT_START;
        });
        return line;
    }

    /** An error and its causes' messages, each said once, on one line. */
    static String oneLine(Throwable error) {
        var said = new java.util.ArrayList<String>();
        for (Throwable t = error; t != null && said.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            String flat = message.replaceAll("\\s*\\R\\s*", " ").strip();
            if (said.stream().noneMatch(s -> s.contains(flat))) {
                said.add(flat);
            }
        }
        return String.join(": ", said);
    }

    @Command(name = "run", description = "Run the hub until stopped (SIGTERM or Ctrl-C).")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", description = "A properties file with kith.* settings (see 'kith options').")
        Path configFile;

        @Option(names = "--set", description = "Override one setting, e.g. --set kith.http.port=9090.")
        Map<String, String> overrides = new LinkedHashMap<>();

        /** The status after the embedded broker's log directory failed ({@code EX_IOERR} of sysexits.h). */
        static final int LOG_DIR_FAILED = 74;
        /** The status after another fatal fault of the embedded broker ({@code EX_SOFTWARE}). */
        static final int BROKER_FAILED = 70;
        /** How long an orderly stop after a broker fault may take before the process halts anyway. */
        private static final long FAULT_STOP_DEADLINE_MS = 90_000;

        @Override
        public Integer call() throws Exception {
            HubConfig config = HubConfig.fromEnvironment(overrides, readProperties(configFile));
            Hub hub = Hub.start(config, Clock.systemUTC());
            var status = new CompletableFuture<Integer>();
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                status.complete(0);
                awaitQuietly(stopped);
            }, "kith-shutdown"));
            hub.fatal().thenAccept(fault -> status.complete(
                    EmbeddedKafkaBroker.Fault.LOG_DIR_FAILED.equals(fault.reason()) ? LOG_DIR_FAILED : BROKER_FAILED));
            int exit = status.get();
            try {
                if (exit == 0) {
                    hub.close();
                } else {
                    haltAfter(FAULT_STOP_DEADLINE_MS, exit);
                    hub.closeAfterFault();
                }
            } finally {
                stopped.countDown();
            }
            return exit;
        }

        /** A stop after a broker fault is bounded: past the deadline the process halts with the status. */
        private static void haltAfter(long millis, int exit) {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(exit);
            }, "kith-stop-deadline");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Map<String, String> readProperties(Path file) throws IOException {
            Map<String, String> values = new HashMap<>();
            if (file != null) {
                var properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
            }
            return values;
        }
    }

    @Command(name = "demo", description = "Play a short scripted scenario on an embedded broker with simulated partners.")
    static final class DemoCommand implements Callable<Integer> {

        @Option(names = "--once", description = "Exit after the scenario instead of serving until Ctrl-C.")
        boolean once;

        @Override
        public Integer call() throws Exception {
            new Demo(System.out).run(once);
            return 0;
        }
    }

    @Command(name = "config", description = "Manage the partnership configuration in the config topic.",
            subcommands = ConfigCommand.Apply.class)
    static final class ConfigCommand {

        @Command(name = "apply", description = "Publish agreements and routing rules from a file; every hub follows them.")
        static final class Apply implements Callable<Integer> {

            @CommandLine.Parameters(paramLabel = "FILE", description = "{\"agreements\": [...], \"routingRules\": [...]}")
            Path file;

            @CommandLine.Mixin
            RunningHub hub;

            @Override
            public Integer call() {
                PartnerRegistry partners = PartnerRegistry.load(hub.config().partnersFile());
                int entries = ConfigPublisher.apply(file, hub.bootstrapServers(), hub.topics(),
                        id -> partners.find(id).isPresent(), AdminChanges.commandLineActor());
                System.out.printf("Published %d entries to %s%n", entries, hub.topics().config());
                return 0;
            }
        }
    }

    @Command(name = "deadletter", description = "List or replay records the enforcement core could not process.",
            subcommands = {DeadLetterCommand.ListLetters.class, DeadLetterCommand.Replay.class})
    static final class DeadLetterCommand {

        @Command(name = "list", description = "Every dead letter: offset, reason, origin (never the data); "
                + "with --partner the copies that partner refused for good.")
        static final class ListLetters implements Callable<Integer> {

            @CommandLine.Mixin
            RunningHub hub;

            @Option(names = "--partner", paramLabel = "ID", description = "A partner's webhook dead letters instead of the hub's.")
            String partner;

            @Override
            public Integer call() {
                for (DeadLetterReplay.Summary letter : hub.deadLetters().list(java.util.Optional.ofNullable(partner))) {
                    System.out.printf("%d  %-15s %s/%d/%d  key=%s  %s  %s%n", letter.offset(), letter.reason(),
                            letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), letter.key(),
                            letter.at(), letter.detail());
                }
                return 0;
            }
        }

        @Command(name = "replay", description = "Resubmit one dead letter through the same path; it is decided again now.")
        static final class Replay implements Callable<Integer> {

            @CommandLine.Mixin
            RunningHub hub;

            @CommandLine.Parameters(paramLabel = "OFFSET", description = "The dead letter's offset (see 'list').")
            long offset;

            @Option(names = "--data", description = "A file with corrected data (JSON) to send instead of the original.")
            Path data;

            @Option(names = "--partner", paramLabel = "ID", description = "Deliver again a copy this partner refused for "
                    + "good (its dead letter at OFFSET), once the partner fixed the cause. It is decided again now, for "
                    + "this partner: sent only if the family's consent still allows it. Exit status 0: sent; 1: withheld "
                    + "(nothing sent); 3: not decided within --wait (the decision id is printed, look it up in the ledger).")
            String partner;

            @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
                    description = "With --partner: how long to wait for the decision (default: ${DEFAULT-VALUE}).")
            long waitSeconds;

            @Override
            public Integer call() throws IOException {
                if (partner != null) {
                    if (data != null) {
                        throw new CommandLine.ParameterException(new CommandLine(this),
                                "--data cannot go with --partner: a released copy is delivered as it was");
                    }
                    DeadLetterReplay.Redelivered redelivered = hub.deadLetters().redeliver(partner, offset,
                            AdminChanges.commandLineActor(), java.time.Duration.ofSeconds(waitSeconds));
                    String decisionId = redelivered.request().decisionId();
                    if (redelivered.decided().isEmpty()) {
                        System.out.printf("Dead letter %d of partner %s was handed to the core, not decided within %d s: "
                                + "its decision %s will be in the ledger%n", offset, partner, waitSeconds, decisionId);
                        return 3;
                    }
                    DeadLetterReplay.Decided decided = redelivered.decided().get();
                    if (decided.sent()) {
                        System.out.printf("Dead letter %d of partner %s was decided again (decision %s: %s) and is on its "
                                + "way again%n", offset, partner, decisionId, decided.outcome());
                        return 0;
                    }
                    System.out.printf("Dead letter %d of partner %s was decided again (decision %s) and is withheld now "
                            + "(%s): nothing was sent%n", offset, partner, decisionId, String.join(", ", decided.reasons()));
                    return 1;
                }
                hub.deadLetters().replay(offset, data == null ? java.util.Optional.empty()
                        : java.util.Optional.of(Files.readAllBytes(data)), AdminChanges.commandLineActor());
                System.out.printf("Replayed dead letter %d into the inbound topic%n", offset);
                return 0;
            }
        }
    }

    /** The settings of an administrative command that talks to a running hub's cluster. */
    static final class RunningHub {

        @Option(names = "--set", description = "Override one setting, e.g. --set kith.bootstrap.servers=kafka:9092.")
        Map<String, String> overrides = new LinkedHashMap<>();

        HubConfig config() {
            return HubConfig.fromEnvironment(overrides, Map.of());
        }

        String bootstrapServers() {
            return config().bootstrapServers().orElseThrow(() -> new IllegalArgumentException(
                    "set kith.bootstrap.servers (or KITH_BOOTSTRAP_SERVERS) to the running hub's cluster"));
        }

        Topics topics() {
            HubConfig config = config();
            return new Topics(config.topicPrefix(), config.topicPartitions(), config.topicReplication(),
                    config.topicMinInSync());
        }

        DeadLetterReplay deadLetters() {
            return new DeadLetterReplay(bootstrapServers(), topics());
        }
    }

    @Command(name = "options", description = "List every setting: property key, environment variable, default.")
    static final class Options implements Callable<Integer> {

        @Override
        public Integer call() {
            for (HubOption option : HubOption.values()) {
                System.out.printf("%-26s %-26s %-22s %s%n", option.key(), option.env(),
                        option.defaultValue().map(v -> v.isEmpty() ? "(empty)" : v).orElse("(none)"), option.description());
            }
            return 0;
        }
    }
}
