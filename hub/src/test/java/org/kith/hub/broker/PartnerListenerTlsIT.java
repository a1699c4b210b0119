package org.kith.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
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
import org.kith.hub.topics.TopicProvisioner;
import org.kith.hub.topics.Topics;

/**
 * The partner listener over TLS (SASL_SSL): the broker presents the PEM certificate it was given, a
 * partner that trusts it authenticates by SCRAM and is held to its ACLs as on SASL_PLAINTEXT.
 */
class PartnerListenerTlsIT {

    private static final String PASS = "test-only";

    @Test
    void aPartnerConnectsOverTlsAndIsHeldToItsAcls(@TempDir Path dir) throws Exception {
        String[] pem = selfSigned(dir);
        var listener = new EmbeddedKafkaBroker.PartnerListener("localhost", 0,
                Optional.of(new EmbeddedKafkaBroker.PemIdentity(pem[0], pem[1])));
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
                    SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, pem[0],
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

    /** A self-signed certificate for localhost and its PKCS#8 key, both PEM, made with the JDK's keytool. */
    private static String[] selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("broker.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASS, "-keypass", PASS).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), "keytool: " + output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASS.toCharArray());
        }
        var mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String certificate = "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(keys.getCertificate("broker").getEncoded()) + "\n-----END CERTIFICATE-----\n";
        PrivateKey key = (PrivateKey) keys.getKey("broker", PASS.toCharArray());
        String privateKey = "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new String[] {certificate, privateKey};
    }
}
