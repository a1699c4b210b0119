package org.kith.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.crypto.CertificateAuthority;
import org.kith.hub.crypto.HubTls;
import org.kith.hub.topics.TopicProvisioner;
import org.kith.hub.topics.Topics;

/**
 * The partner listener over TLS (SASL_SSL): the broker presents the hub's own certificate from the hub
 * CA, as the hub gives it with {@code kith.http.tls} on; a partner that trusts the CA authenticates by
 * SCRAM and is held to its ACLs as on SASL_PLAINTEXT.
 */
class PartnerListenerTlsIT {

    @Test
    void aPartnerConnectsOverTlsAndIsHeldToItsAcls(@TempDir Path dir) throws Exception {
        HubTls tls = HubTls.issue(CertificateAuthority.create("Kith test CA", Duration.ofDays(2), Clock.systemUTC(),
                new SecureRandom()), List.of("localhost", "127.0.0.1"));
        HubTls.PemIdentity pem = tls.pemIdentity().orElseThrow();
        var listener = new EmbeddedKafkaBroker.PartnerListener("localhost", 0,
                Optional.of(new EmbeddedKafkaBroker.PemIdentity(pem.certificateChain(), pem.privateKey())));
        try (var broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, listener)) {
            org.junit.jupiter.api.Assertions.assertFalse(Files.readString(dir.resolve("kafka/server.properties"))
                    .contains("PRIVATE KEY"), "the TLS key is never written to the data directory");
            Topics topics = new Topics("tls.", 1, (short) 1);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, topics.layout(List.of("agency-a", "clinic-b")));
            }
            var credential = new PartnerKafkaAccess(broker.bootstrapServers(),
                    broker.partnerBootstrapServers().orElseThrow(), topics).grant("agency-a");

            Map<String, Object> config = Map.of(
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, credential.bootstrap(),
                    CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                    SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                    SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, tls.authorityPem(),
                    SaslConfigs.SASL_MECHANISM, credential.mechanism(),
                    SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"" + credential.username() + "\" password=\"" + credential.password() + "\";",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                var written = producer.send(new ProducerRecord<>(topics.inbound("agency-a"), new byte[] {1}))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(topics.inbound("agency-a"), written.topic());
                var refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> producer
                        .send(new ProducerRecord<>(topics.inbound("clinic-b"), new byte[] {1})).get(30, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
            }
        }
    }
}
