package org.kith.hub.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting the hub reads, declared once: its property key (for {@code kith.properties} and
 * {@code --set key=value}), its environment variable, its default and what it is for. The settings
 * table of {@code docs/operators.md} and the docker-compose check are both checked against this list.
 */
public enum HubOption {
    BOOTSTRAP_SERVERS("kith.bootstrap.servers", null,
            "Kafka cluster to use (host:port,...). Empty: the hub starts its own embedded single-node KRaft broker."),
    DATA_DIR("kith.data.dir", "./data",
            "Where the embedded broker and the stream state keep their data; a restart on the same directory keeps both."),
    KAFKA_PORT("kith.kafka.port", "9092",
            "Client port of the embedded broker (0: any free port). Ignored when bootstrap servers are set."),
    KAFKA_PARTNER_PORT("kith.kafka.partner.port", "",
            "Port of the embedded broker's partner listener (SASL/SCRAM-SHA-512, ACLs enforced) for partners that connect by Kafka (0: any free port; empty: no partner listener and no authorizer). Ignored when bootstrap servers are set."),
    KAFKA_PARTNER_HOST("kith.kafka.partner.host", "127.0.0.1",
            "Address the partner listener binds to and advertises to partners (not a wildcard)."),
    HTTP_HOST("kith.http.host", "127.0.0.1", "Address the REST ingress binds to."),
    HTTP_PORT("kith.http.port", "8080", "Port of the REST ingress (0: any free port)."),
    HTTP_TLS("kith.http.tls", "false",
            "true: the HTTP API is served over HTTPS (TLS 1.2/1.3) with a certificate the hub CA issues at each start; partners may then authenticate by a hub-issued client certificate instead of a token, and the hub presents its certificate when it calls webhooks. Production turns it on; needs kith.keys.passphrase to unlock the CA."),
    HTTP_TLS_NAMES("kith.http.tls.names", "localhost,127.0.0.1",
            "Comma-separated DNS names and IP addresses the hub's HTTPS certificate holds: every name partners and the other instances reach this hub by."),
    HTTP_ADVERTISED("kith.http.advertised", "",
            "host:port at which the other hub instances reach this one's HTTP API, to hand on a request about a family this one does not hold (empty: kith.http.host and the port)."),
    HTTP_MAX_CONNECTIONS("kith.http.max.connections", "2048",
            "Open connections the HTTP API holds at most, all clients together; one more is closed as soon as it is accepted. Lowered at start to a quarter of the process's open-file limit if it is above it, so that connections never take the descriptors the embedded broker needs."),
    HTTP_MAX_CONNECTIONS_PER_ADDRESS("kith.http.max.connections.per.address", "100",
            "Open connections one remote address (an IPv6 /64) holds at most; one more is closed as soon as it is accepted (0: no limit, e.g. behind a reverse proxy)."),
    HTTP_IDLE_TIMEOUT_MS("kith.http.idle.timeout.ms", "60000",
            "A connection on which nothing is read or written for this long (ms) is closed: a kept-alive connection waiting for its next request, a client that stopped reading its answer."),
    HTTP_HEADER_TIMEOUT_MS("kith.http.header.timeout.ms", "10000",
            "How long (ms) a client has to send a request's headers: from the connection's opening (its TLS handshake included), or from the first byte of each next request. A deadline, not an idle timer: bytes that trickle in do not extend it. Past it the connection is closed."),
    HTTP_BODY_TIMEOUT_MS("kith.http.body.timeout.ms", "30000",
            "How long (ms) a client has to send a request's body once its headers are in; past it the connection is closed. A deadline: bytes that trickle in do not extend it."),
    HTTP_ADDRESS_RATE_LIMIT("kith.http.address.rate.limit", "500",
            "Requests one remote address (an IPv6 /64) may make to the HTTP API per kith.http.address.rate.period.ms, counted before any credential is read; more are answered 429 rate-limited with Retry-After and the connection is closed (0: no limit, e.g. behind a reverse proxy)."),
    HTTP_ADDRESS_RATE_PERIOD_MS("kith.http.address.rate.period.ms", "1000",
            "How often (ms) each remote address's request budget is refilled to kith.http.address.rate.limit."),
    PARTNERS_FILE("kith.partners.file", "config/partners.json", "The partner registry: ids, kinds, token hashes, webhooks."),
    USERS_FILE("kith.users.file", "config/users.json", "Users of the administration API: ids, roles, token hashes, agency scopes (no file: the API refuses every opaque token)."),
    ADMIN_JWT_JWKS("kith.admin.jwt.jwks", "",
            "The identity provider's signing keys for the administration API: a JWKS file or an https URL. Empty: JWT bearer tokens are not accepted."),
    ADMIN_JWT_ISSUER("kith.admin.jwt.issuer", "",
            "The exact iss a JWT must carry; required when kith.admin.jwt.jwks is set."),
    ADMIN_JWT_AUDIENCE("kith.admin.jwt.audience", "kith-admin",
            "The aud a JWT must name to be accepted by this hub."),
    ADMIN_FOUR_EYES("kith.admin.four.eyes", "false",
            "true: a change to an agreement or a routing rule made through the admin API waits until a second administrator approves it."),
    CONFIG_FILE("kith.config.file", "", "Agreements, routing rules and statute rules published into the config topic at start (empty: none; the topic keeps what it has)."),
    TOPIC_PREFIX("kith.topic.prefix", "", "Prefix for every topic and the stream application id (several hubs on one cluster)."),
    TOPIC_PARTITIONS("kith.topic.partitions", "6", "Partitions of kith.inbound, kith.ledger, the outbound topics and the consent changelog."),
    TOPIC_REPLICATION("kith.topic.replication", "1", "Replication factor of every topic the hub creates."),
    TOPIC_MIN_INSYNC_REPLICAS("kith.topic.min.insync.replicas", "",
            "min.insync.replicas of every topic the hub creates, its stream's internal topics included: a write (acks=all, as every hub producer sends) needs this many replicas in sync, or it is refused rather than kept on too few (1 to kith.topic.replication; empty: 2, or 1 with one replica)."),
    INGRESS_MAX_BYTES("kith.ingress.max.bytes", "262144", "Largest request body the REST ingress accepts."),
    INGRESS_RATE_LIMIT("kith.ingress.rate.limit", "50",
            "Requests each partner may make to the partners' API (messages, capacity, lookups) per kith.ingress.rate.period.ms, across all hub instances (each allows its share: the limit divided by the instances running); more are refused with 429 and Retry-After. Each partner has its own budget."),
    INGRESS_RATE_PERIOD_MS("kith.ingress.rate.period.ms", "1000",
            "How often (ms) each partner's request budget is refilled to kith.ingress.rate.limit."),
    INGRESS_SIGNATURES("kith.ingress.signatures", "required",
            "required: the REST ingress refuses a message without a publisher signature (unsigned); optional: it accepts one, for partners moving to signing. A signature that is present must verify either way."),
    INGRESS_REPLAY_WINDOW_MS("kith.ingress.replay.window.ms", "300000",
            "How far (ms) a signature's time may be from the hub's clock, either way. Every event id a sender used is remembered (in kith.ingress.ids, by every instance) for twice this after its message was accepted: sent again within it, through any edge, the message is answered as the first time or refused (replayed), never decided twice."),
    INGRESS_REPLAY_CAPACITY("kith.ingress.replay.capacity", "50000",
            "How many event ids each partner may hold within twice the replay window (about 350 bytes each, on every instance); beyond it, that partner alone is refused (replay-capacity, 429 with Retry-After) rather than have an id forgotten early. Size it at a partner's peak rate times twice the window."),
    KEYS_PASSPHRASE("kith.keys.passphrase", null,
            "Secret. Unlocks the hub's signing key in <data dir>/keys; on the first start, when there is no key yet, the hub creates one protected by it."),
    KEYS_PASSPHRASE_FILE("kith.keys.passphrase.file", "",
            "A file (readable by its owner only) whose first line is the passphrase, read when kith.keys.passphrase is not set; empty: <data dir>/passphrase, which kith init writes."),
    LEDGER_CHECKPOINT_RECORDS("kith.ledger.checkpoint.records", "1000",
            "A signed ledger checkpoint seals at most this many records of a ledger partition."),
    LEDGER_CHECKPOINT_MS("kith.ledger.checkpoint.ms", "60000",
            "A signed ledger checkpoint seals a partition's records at the latest this long (ms) after the first unsealed one."),
    COMMIT_INTERVAL_MS("kith.commit.interval.ms", "100",
            "How often the enforcement core commits its exactly-once transaction, in ms: a copy is visible to read_committed readers only then, so it bounds the latency the hub adds; shorter means more transactions."),
    CORE_RETRY_BACKOFF_MS("kith.core.retry.backoff.ms", "5",
            "How long (ms) the enforcement core's transactional producer waits before retrying a write the broker refused for the moment. The broker refuses a transaction's first writes while it still completes the one before (CONCURRENT_TRANSACTIONS); at Kafka's default of 100 ms that wait landed on every commit and was the p99 at 1,000 msg/s. Retries are idempotent: exactly-once holds at any value."),
    REFERRAL_SLA_RECEIPT("kith.referral.sla.receipt", "PT48H",
            "How long (ISO 8601 duration) a recipient has to acknowledge a referral before its referrer is alerted, unless the agreement it went under sets referralSla."),
    REFERRAL_SLA_ANSWER("kith.referral.sla.answer", "P5D",
            "How long (ISO 8601 duration) a recipient has to accept, decline or waitlist a referral before its referrer is alerted, unless the agreement sets referralSla."),
    REFERRAL_SLA_CHECK_MS("kith.referral.sla.check.ms", "1000",
            "How often (ms, wall clock) the enforcement core looks for referral deadlines that have passed; an alert comes at most this late."),
    FILEDROP_DIR("kith.filedrop.dir", "",
            "Directory of the file drop for partners that exchange batch files: <dir>/<partner id>/in/ is watched for signed CSV and XML batches, results go to results/, batches to done/ or failed/ (empty: no file drop)."),
    FILEDROP_MAX_BYTES("kith.filedrop.max.bytes", "10485760",
            "Largest batch file the file drop takes (bytes); a larger one is refused (too-large) and filed in failed/, nothing of it published."),
    FILEDROP_SFTP_KNOWN_HOSTS("kith.filedrop.sftp.known.hosts", "",
            "known_hosts file (OpenSSH format) holding the host key of every partner SFTP server the file drop polls; a server whose key is not in it is refused (strict host key checking)."),
    FILEDROP_SFTP_KEY("kith.filedrop.sftp.key", "",
            "The hub's SSH private key file (OpenSSH or PEM) it logs in to partners' SFTP servers with; empty with the known hosts: no SFTP polling."),
    WEBHOOK_BREAKER_OPEN_MS("kith.webhook.breaker.open.ms", "30000",
            "How long (ms) a partner's webhook circuit breaker stays open (the partner not called, its copies waiting) before one probe delivery is let through."),
    FAMILY_MAX_DOCUMENTS("kith.family.max.documents", "1000",
            "Most documents in force one family may hold (directives not revoked, and legal authorities); one more is refused with family-limit, at the door (422) and by the core (a refused notice), never dead-lettered. Revoked directives do not count."),
    FAMILY_MAX_BYTES("kith.family.max.bytes", "1048576",
            "Most bytes of data (as JSON) one family's documents in force may hold; a document that would go past it is refused with family-limit like one past kith.family.max.documents."),
    HEALTH_MAX_UNDECIDED_AGE_MS("kith.health.max.undecided.age.ms", "60000",
            "Health turns 503 (reason core-behind, naming the partition) when the oldest message of a kith.inbound partition that the core has not yet decided is older than this (ms)."),
    EVALUATION_MEASURES("kith.evaluation.measures", "true",
            "Whether the enforcement core keeps the partnership's evaluation measures (true or false; off only to measure what they cost)."),
    EVALUATION_THRESHOLD("kith.evaluation.threshold", "11",
            "Small-cell suppression: no published measure shows a count from 1 to this minus one, nor lets one be worked out from totals (at least 2)."),
    EVALUATION_PUBLIC_EPSILON("kith.evaluation.public.epsilon", "",
            "If set (a positive number, e.g. 1.0), a public release of the measures (release=public) adds discrete Laplace noise (exact, SecureRandom) with this privacy budget per table before suppression; empty: suppression only.");

    private final String key;
    private final String defaultValue;
    private final String description;

    HubOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The environment variable: the key in upper case with dots as underscores, e.g. {@code KITH_HTTP_PORT}. */
    public String env() {
        return key.toUpperCase().replace('.', '_');
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public static Optional<HubOption> byKey(String key) {
        return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
    }
}
