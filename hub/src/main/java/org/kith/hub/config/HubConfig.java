package org.kith.hub.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.kith.hub.evaluation.EvaluationSettings;
import org.kith.hub.referral.ReferralSla;

/**
 * The hub's validated, immutable settings. Sources, strongest first: explicit overrides (command
 * line), environment variables, the properties file, defaults. A bad value fails start-up with the
 * option and the value named.
 *
 * @param adminJwt      the identity provider whose JWTs the administration API accepts; empty: none
 * @param adminFourEyes whether an admin API change to an agreement or a routing rule waits for a second
 *                      administrator's approval
 * @param httpAdvertised the host:port other instances reach this one's HTTP API at; empty: the bind address
 * @param ingressRateLimit    requests a partner may make to the partners' API per rate period
 * @param ingressRatePeriodMs how often (ms) a partner's request budget is refilled
 * @param webhookBreakerOpenMs how long a partner's webhook circuit breaker stays open before a probe
 * @param fileDropDir  the file drop's directory, one subdirectory per partner; empty: no file drop
 * @param kafkaPartnerPort the embedded broker's partner listener port (0: a free one); empty: no partner listener
 * @param kafkaPartnerHost the address the partner listener binds to and advertises
 * @param httpTls      whether the HTTP API is served over HTTPS with a hub-issued certificate
 * @param httpTlsNames the DNS names and IP addresses in the hub's HTTPS certificate
 * @param fileDropMaxBytes the largest batch file the file drop takes
 * @param fileDropSftp the known hosts and the hub's key for partners' SFTP drops; empty: none polled
 * @param httpLimits   the HTTP API's caps on connections, read deadlines and per-address request rate
 * @param familyLimits what one family may hold (documents in force and their bytes)
 * @param topicMinInSync the min.insync.replicas of every topic the hub creates
 * @param maxUndecidedAgeMs how old the oldest undecided inbound message may be before health degrades
 * @param coreRetryBackoffMs how long the core's transactional producer waits before retrying a refused write
 */
public record HubConfig(Optional<String> bootstrapServers, Path dataDir, int kafkaPort, String httpHost,
                        int httpPort, Path partnersFile, Path usersFile, Optional<Path> configFile, String topicPrefix,
                        int topicPartitions, short topicReplication, int topicMinInSync, int ingressMaxBytes, Optional<Secret> keysPassphrase,
                        int checkpointRecords, int checkpointMs, int commitIntervalMs,
                        SignaturePolicy ingressSignatures, int replayWindowMs, int replayCapacity,
                        ReferralSla referralSla, int referralCheckMs, EvaluationSettings evaluation,
                        Optional<JwtSettings> adminJwt, boolean adminFourEyes, Optional<String> httpAdvertised,
                        int ingressRateLimit, int ingressRatePeriodMs,
                        int webhookBreakerOpenMs, Optional<Path> fileDropDir, int fileDropMaxBytes,
                        Optional<SftpClient> fileDropSftp, java.util.OptionalInt kafkaPartnerPort, String kafkaPartnerHost,
                        boolean httpTls, java.util.List<String> httpTlsNames, HttpLimits httpLimits,
                        org.kith.hub.family.FamilyLimits familyLimits, long maxUndecidedAgeMs, int coreRetryBackoffMs) {

    /** How the hub logs in to partners' SFTP servers: strict host key checking against {@code knownHosts}, key only. */
    public record SftpClient(Path knownHosts, Path privateKey) {
    }


    public static HubConfig from(Map<String, String> overrides, Map<String, String> environment,
                                 Map<String, String> file) {
        for (String key : overrides.keySet()) {
            HubOption.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key + "'"));
        }
        for (String key : file.keySet()) {
            HubOption.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key + "' in the properties file"));
        }
        Map<HubOption, String> values = new EnumMap<>(HubOption.class);
        for (HubOption option : HubOption.values()) {
            String value = overrides.get(option.key());
            if (value == null) {
                value = environment.get(option.env());
            }
            if (value == null) {
                value = file.get(option.key());
            }
            if (value == null) {
                value = option.defaultValue().orElse(null);
            }
            if (value != null) {
                values.put(option, value.trim());
            }
        }
        return new HubConfig(
                Optional.ofNullable(values.get(HubOption.BOOTSTRAP_SERVERS)).filter(s -> !s.isBlank()),
                Path.of(values.get(HubOption.DATA_DIR)),
                port(values, HubOption.KAFKA_PORT),
                values.get(HubOption.HTTP_HOST),
                port(values, HubOption.HTTP_PORT),
                Path.of(values.get(HubOption.PARTNERS_FILE)),
                Path.of(values.get(HubOption.USERS_FILE)),
                Optional.ofNullable(values.get(HubOption.CONFIG_FILE)).filter(s -> !s.isBlank()).map(Path::of),
                prefix(values.get(HubOption.TOPIC_PREFIX)),
                (int) number(values, HubOption.TOPIC_PARTITIONS, 1, 1000),
                (short) number(values, HubOption.TOPIC_REPLICATION, 1, 7),
                minInSync(values),
                (int) number(values, HubOption.INGRESS_MAX_BYTES, 1024, org.kith.schemas.Json.MAX_DOCUMENT_BYTES),
                passphrase(values),
                (int) number(values, HubOption.LEDGER_CHECKPOINT_RECORDS, 1, 100_000),
                (int) number(values, HubOption.LEDGER_CHECKPOINT_MS, 100, 86_400_000),
                (int) number(values, HubOption.COMMIT_INTERVAL_MS, 10, 60_000),
                SignaturePolicy.parse(HubOption.INGRESS_SIGNATURES.key(), values.get(HubOption.INGRESS_SIGNATURES)),
                (int) number(values, HubOption.INGRESS_REPLAY_WINDOW_MS, 1_000, 86_400_000),
                (int) number(values, HubOption.INGRESS_REPLAY_CAPACITY, 1, 100_000_000),
                referralSla(values),
                (int) number(values, HubOption.REFERRAL_SLA_CHECK_MS, 100, 3_600_000),
                evaluation(values),
                adminJwt(values),
                bool(values, HubOption.ADMIN_FOUR_EYES),
                advertised(values),
                (int) number(values, HubOption.INGRESS_RATE_LIMIT, 1, 1_000_000),
                (int) number(values, HubOption.INGRESS_RATE_PERIOD_MS, 1, 3_600_000),
                (int) number(values, HubOption.WEBHOOK_BREAKER_OPEN_MS, 100, 3_600_000),
                Optional.ofNullable(values.get(HubOption.FILEDROP_DIR)).filter(s -> !s.isBlank()).map(Path::of),
                (int) number(values, HubOption.FILEDROP_MAX_BYTES, 1024, 256L * 1024 * 1024),
                sftpClient(values),
                values.getOrDefault(HubOption.KAFKA_PARTNER_PORT, "").isEmpty() ? java.util.OptionalInt.empty()
                        : java.util.OptionalInt.of(port(values, HubOption.KAFKA_PARTNER_PORT)),
                values.get(HubOption.KAFKA_PARTNER_HOST),
                bool(values, HubOption.HTTP_TLS),
                tlsNames(values.get(HubOption.HTTP_TLS_NAMES)),
                httpLimits(values),
                new org.kith.hub.family.FamilyLimits((int) number(values, HubOption.FAMILY_MAX_DOCUMENTS, 1, 1_000_000),
                        number(values, HubOption.FAMILY_MAX_BYTES, 1024, 1L << 40)),
                number(values, HubOption.HEALTH_MAX_UNDECIDED_AGE_MS, 1_000, 86_400_000),
                (int) number(values, HubOption.CORE_RETRY_BACKOFF_MS, 1, 10_000));
    }

    /**
     * The keys' passphrase: {@code kith.keys.passphrase}, else the first line of the passphrase file
     * ({@code kith.keys.passphrase.file}, by default the one {@code kith init} wrote in the data
     * directory), which must be readable by its owner alone; neither: none.
     */
    private static Optional<Secret> passphrase(Map<HubOption, String> values) {
        Optional<Secret> given = Optional.ofNullable(values.get(HubOption.KEYS_PASSPHRASE)).filter(s -> !s.isEmpty())
                .map(Secret::new);
        if (given.isPresent()) {
            return given;
        }
        String named = values.getOrDefault(HubOption.KEYS_PASSPHRASE_FILE, "");
        Path file = named.isEmpty() ? Path.of(values.get(HubOption.DATA_DIR)).resolve(PASSPHRASE_FILE) : Path.of(named);
        if (!java.nio.file.Files.exists(file)) {
            if (!named.isEmpty()) {
                throw new IllegalArgumentException(HubOption.KEYS_PASSPHRASE_FILE.key() + ": no such file " + file);
            }
            return Optional.empty();
        }
        try {
            if (java.nio.file.Files.getFileStore(file).supportsFileAttributeView("posix")) {
                var permissions = java.nio.file.Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    throw new IllegalArgumentException(HubOption.KEYS_PASSPHRASE_FILE.key() + ": " + file
                            + " is readable by others than its owner (chmod 600 it)");
                }
            }
            String first = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream()
                    .findFirst().orElse("");
            if (first.isEmpty()) {
                throw new IllegalArgumentException(HubOption.KEYS_PASSPHRASE_FILE.key() + ": " + file + " is empty");
            }
            return Optional.of(new Secret(first));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(HubOption.KEYS_PASSPHRASE_FILE.key() + ": cannot read " + file, e);
        }
    }

    /** The passphrase file {@code kith init} writes in the data directory. */
    public static final String PASSPHRASE_FILE = "passphrase";

    /** Settings from the process environment and an optional properties file. */
    public static HubConfig fromEnvironment(Map<String, String> overrides, Map<String, String> file) {
        return from(overrides, System.getenv(), file);
    }

    /** kith.topic.min.insync.replicas: as set (at most the replication), else 2, or 1 with one replica. */
    private static int minInSync(Map<HubOption, String> values) {
        int replication = (int) number(values, HubOption.TOPIC_REPLICATION, 1, 7);
        if (values.getOrDefault(HubOption.TOPIC_MIN_INSYNC_REPLICAS, "").isEmpty()) {
            return Math.min(2, replication);
        }
        return (int) number(values, HubOption.TOPIC_MIN_INSYNC_REPLICAS, 1, replication);
    }

    private static int port(Map<HubOption, String> values, HubOption option) {
        return (int) number(values, option, 0, 65535);
    }

    private static long number(Map<HubOption, String> values, HubOption option, long min, long max) {
        String raw = values.get(option);
        try {
            long n = Long.parseLong(raw);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option.key() + " must be between " + min + " and " + max + ", not " + raw);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.key() + " must be a number, not '" + raw + "'");
        }
    }

    private static ReferralSla referralSla(Map<HubOption, String> values) {
        java.time.Duration receipt = duration(values, HubOption.REFERRAL_SLA_RECEIPT);
        java.time.Duration answer = duration(values, HubOption.REFERRAL_SLA_ANSWER);
        try {
            return new ReferralSla(receipt, answer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HubOption.REFERRAL_SLA_RECEIPT.key() + " and "
                    + HubOption.REFERRAL_SLA_ANSWER.key() + ": " + e.getMessage());
        }
    }

    private static Optional<String> advertised(Map<HubOption, String> values) {
        String raw = values.getOrDefault(HubOption.HTTP_ADVERTISED, "");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!raw.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException(HubOption.HTTP_ADVERTISED.key() + " must be host:port, not '" + raw + "'");
        }
        return Optional.of(raw);
    }

    private static Optional<SftpClient> sftpClient(Map<HubOption, String> values) {
        String knownHosts = values.getOrDefault(HubOption.FILEDROP_SFTP_KNOWN_HOSTS, "");
        String key = values.getOrDefault(HubOption.FILEDROP_SFTP_KEY, "");
        if (knownHosts.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (knownHosts.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException(HubOption.FILEDROP_SFTP_KNOWN_HOSTS.key() + " and "
                    + HubOption.FILEDROP_SFTP_KEY.key() + " are set together or not at all");
        }
        return Optional.of(new SftpClient(Path.of(knownHosts), Path.of(key)));
    }

    private static boolean bool(Map<HubOption, String> values, HubOption option) {
        String raw = values.get(option);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException(option.key() + " must be true or false, not '" + raw + "'");
        }
        return Boolean.parseBoolean(raw);
    }

    /** The identity provider's settings, or empty when no JWKS is set (JWT bearer tokens are then refused). */
    private static Optional<JwtSettings> adminJwt(Map<HubOption, String> values) {
        String jwks = values.getOrDefault(HubOption.ADMIN_JWT_JWKS, "");
        if (jwks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JwtSettings(jwks, values.getOrDefault(HubOption.ADMIN_JWT_ISSUER, ""),
                values.getOrDefault(HubOption.ADMIN_JWT_AUDIENCE, "")));
    }

    private static EvaluationSettings evaluation(Map<HubOption, String> values) {
        boolean measures = bool(values, HubOption.EVALUATION_MEASURES);
        int threshold = (int) number(values, HubOption.EVALUATION_THRESHOLD, 2, 1000);
        String epsilon = Optional.ofNullable(values.get(HubOption.EVALUATION_PUBLIC_EPSILON)).orElse("");
        try {
            return new EvaluationSettings(measures, threshold,
                    epsilon.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(epsilon)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HubOption.EVALUATION_PUBLIC_EPSILON.key() + " must be a positive number, not '"
                    + epsilon + "'");
        }
    }

    private static java.time.Duration duration(Map<HubOption, String> values, HubOption option) {
        String raw = values.get(option);
        try {
            return java.time.Duration.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(option.key() + " must be an ISO 8601 duration such as PT48H, not '" + raw + "'");
        }
    }

    private static HttpLimits httpLimits(Map<HubOption, String> values) {
        return new HttpLimits(
                (int) number(values, HubOption.HTTP_MAX_CONNECTIONS, 1, 1_000_000),
                (int) number(values, HubOption.HTTP_MAX_CONNECTIONS_PER_ADDRESS, 0, 1_000_000),
                (int) number(values, HubOption.HTTP_IDLE_TIMEOUT_MS, 100, 86_400_000),
                (int) number(values, HubOption.HTTP_HEADER_TIMEOUT_MS, 100, 3_600_000),
                (int) number(values, HubOption.HTTP_BODY_TIMEOUT_MS, 100, 3_600_000),
                (int) number(values, HubOption.HTTP_ADDRESS_RATE_LIMIT, 0, 1_000_000),
                (int) number(values, HubOption.HTTP_ADDRESS_RATE_PERIOD_MS, 1, 3_600_000));
    }

    private static java.util.List<String> tlsNames(String raw) {
        java.util.List<String> names = java.util.Arrays.stream(raw.split(",")).map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty() || names.stream().anyMatch(name -> !name.matches("[A-Za-z0-9.:*-]+"))) {
            throw new IllegalArgumentException(HubOption.HTTP_TLS_NAMES.key()
                    + " must be comma-separated DNS names or IP addresses, not '" + raw + "'");
        }
        return names;
    }

    private static String prefix(String raw) {
        if (!raw.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(HubOption.TOPIC_PREFIX.key() + " may hold only letters, digits, '.', '_' and '-', not '" + raw + "'");
        }
        return raw;
    }

    /** A copy with other ports, for tests and the demo that need free ones. */
    public HubConfig withPorts(int kafkaPort, int httpPort) {
        return new HubConfig(bootstrapServers, dataDir, kafkaPort, httpHost, httpPort, partnersFile, usersFile, configFile,
                topicPrefix, topicPartitions, topicReplication, topicMinInSync, ingressMaxBytes, keysPassphrase, checkpointRecords,
                checkpointMs, commitIntervalMs, ingressSignatures, replayWindowMs, replayCapacity, referralSla,
                referralCheckMs, evaluation, adminJwt, adminFourEyes, httpAdvertised, ingressRateLimit,
                ingressRatePeriodMs, webhookBreakerOpenMs, fileDropDir, fileDropMaxBytes, fileDropSftp, kafkaPartnerPort,
                kafkaPartnerHost, httpTls, httpTlsNames, httpLimits, familyLimits, maxUndecidedAgeMs, coreRetryBackoffMs);
    }
}
