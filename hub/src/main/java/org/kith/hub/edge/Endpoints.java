package org.kith.hub.edge;

import java.net.URI;
import java.nio.file.Path;
import org.kith.connectors.filedrop.FileDropRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.topics.Topics;

/**
 * Every Camel endpoint URI the hub's edges use, built in one place from the topic names and the
 * cluster address, so no route assembles a URI from strings.
 */
public record Endpoints(Topics topics, String bootstrapServers) {

    /** Producer to {@code kith.inbound}: acknowledged by all in-sync replicas, idempotent. */
    public String inbound() {
        return producer(topics.inbound());
    }

    /** Producer to the compacted config topic (capacity reports): acknowledged by all in-sync replicas. */
    public String config() {
        return producer(topics.config());
    }

    /** Producer to one partner's webhook dead letters: acknowledged by all in-sync replicas, idempotent. */
    public String webhookDeadLetter(String partnerId) {
        return producer(topics.webhookDeadLetter(partnerId));
    }

    /**
     * Consumer of one partner's outbound topic for webhook delivery: committed records only (the
     * core writes transactionally), and no skipping past a record that could not be delivered.
     */
    public String outboundForWebhook(String partnerId) {
        return "kafka:" + topics.outbound(partnerId) + "?brokers=" + bootstrapServers
                + "&groupId=" + topics.prefix() + "kith-webhook-" + partnerId
                + "&autoOffsetReset=earliest&isolationLevel=read_committed&breakOnFirstError=true";
    }

    /**
     * Consumer of every partner's inbound topic (a topic pattern, so a partner registered later is read
     * without a restart, within the ten seconds after which the consumer looks for new topics rather
     * than Kafka's default five minutes): the raw bytes of each record, whose signature covers them;
     * committed records only; the offset committed by the route once the record is stored or refused,
     * and no skipping past a record that could not be stored.
     */
    public String partnerInbound() {
        return "kafka:" + topics.partnerInboundPattern() + "?brokers=" + bootstrapServers + "&topicIsPattern=true"
                + "&groupId=" + topics.prefix() + "kith-kafka-ingress"
                + "&autoOffsetReset=earliest&isolationLevel=read_committed"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                + "&additionalProperties.metadata.max.age.ms=10000";
    }

    /**
     * One partner's file drop directory ({@code <dir>/<partner>/in}): only {@code *.csv} and {@code *.xml} (its
     * {@code .jws} waits beside it), taken once it has not changed for a second so a half-written
     * file is left alone, then moved to {@code done/} or {@code failed/} as the route decided
     * ({@link FileDropRoutes#TARGET}), to {@code failed/} if the route broke.
     */
    public String fileDrop(Path dir, String partnerId) {
        return "file:" + partnerDir(dir, partnerId).resolve("in") + "?antInclude=*.csv,*.xml"
                + "&readLock=changed&readLockCheckInterval=500&readLockMinAge=1000"
                + "&move=../${exchangeProperty." + FileDropRoutes.TARGET + "}/${file:name}"
                + "&moveFailed=../failed/${file:name}";
    }

    /** One partner's results directory ({@code <dir>/<partner>/results}), the file named by the route, written whole then renamed. */
    public String fileDropResults(Path dir, String partnerId) {
        return "file:" + partnerDir(dir, partnerId).resolve("results")
                + "?fileName=${exchangeProperty." + FileDropRoutes.RESULT_NAME + "}&tempPrefix=.writing-";
    }

    /**
     * A partner's SFTP location ({@code sftp://user@host:port/path}) as the file drop's second source:
     * its {@code in/} polled like the local one (same files, same read lock, same moves), the
     * signature beside a batch, {@code results/}, and the directories a signature is filed in. Key
     * login only, the server's host key checked against the hub's known hosts.
     */
    public FileDropRoutes.Sftp sftpDrop(URI location, HubConfig.SftpClient client) {
        String base = "sftp://" + location.getRawUserInfo() + "@" + location.getHost()
                + (location.getPort() < 0 ? "" : ":" + location.getPort())
                + (location.getRawPath() == null || location.getRawPath().isEmpty() ? "/" : location.getRawPath());
        String root = base.endsWith("/") ? base : base + "/";
        String login = "privateKeyFile=" + client.privateKey().toAbsolutePath()
                + "&knownHostsFile=" + client.knownHosts().toAbsolutePath()
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&preferredAuthentications=publickey";
        return new FileDropRoutes.Sftp(
                root + "in?" + login + "&antInclude=*.csv,*.xml"
                        + "&readLock=changed&readLockCheckInterval=500&readLockMinAge=1000"
                        + "&move=../${exchangeProperty." + FileDropRoutes.TARGET + "}/${file:name}"
                        + "&moveFailed=../failed/${file:name}",
                root + "in?" + login + "&fileName=${file:name}.jws&delete=true",
                root + "results?" + login + "&fileName=${exchangeProperty." + FileDropRoutes.RESULT_NAME + "}"
                        + "&tempPrefix=.writing-",
                root + "${exchangeProperty." + FileDropRoutes.TARGET + "}?" + login + "&fileName=${file:name}.jws");
    }

    private static Path partnerDir(Path dir, String partnerId) {
        return dir.toAbsolutePath().resolve(partnerId);
    }

    private String producer(String topic) {
        return "kafka:" + topic + "?brokers=" + bootstrapServers + "&requestRequiredAcks=all&enableIdempotence=true";
    }

    /** The partner's webhook as a Camel HTTP endpoint; a non-2xx answer is a failed delivery. */
    public String webhook(URI url) {
        String separator = url.getRawQuery() == null ? "?" : "&";
        return url + separator + "throwExceptionOnFailure=true";
    }
}
