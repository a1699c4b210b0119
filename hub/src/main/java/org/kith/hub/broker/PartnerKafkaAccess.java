package org.kith.hub.broker;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.kith.hub.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka credentials and ACLs of the partners that connect by Kafka: a SCRAM-SHA-512 user named by
 * the partner id, allowed to read only its own outbound and status topics, to write only its own
 * inbound topic ({@link Topics#inbound(String)}), and to use only consumer groups named
 * {@code <topic prefix>kith-partner-<id>} or starting with {@code <topic prefix>kith-partner-<id>.}
 * (a partner id holds no '.', so no partner's groups are another's). Everything else is denied: the
 * broker's authorizer allows nothing for which no ACL exists.
 *
 * <p>Works through the Admin API on the hub's own bootstrap address, whose principal must be a super
 * user (the embedded broker's localhost listener is). Revoking deletes the credential, so new
 * connections fail to authenticate, and every ACL of the principal, so connections already
 * authenticated can do nothing more.
 */
public final class PartnerKafkaAccess {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerKafkaAccess.class);
    private static final int SCRAM_ITERATIONS = 8192;
    private static final int PASSWORD_BYTES = 32;
    private static final long TIMEOUT_SECONDS = 30;

    private final String adminBootstrap;
    private final String partnerBootstrap;
    private final Topics topics;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param adminBootstrap   the hub's own (super user) address of the cluster
     * @param partnerBootstrap the address partners connect to, handed out with each credential
     */
    public PartnerKafkaAccess(String adminBootstrap, String partnerBootstrap, Topics topics) {
        this.adminBootstrap = Objects.requireNonNull(adminBootstrap, "adminBootstrap");
        this.partnerBootstrap = Objects.requireNonNull(partnerBootstrap, "partnerBootstrap");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /**
     * A partner's Kafka credential, as handed to it once: the hub keeps only SCRAM's salted hash.
     *
     * @param mechanism the SASL mechanism ({@value EmbeddedKafkaBroker#PARTNER_MECHANISM})
     * @param bootstrap the partner listener's address
     */
    public record KafkaCredential(String username, String password, String mechanism, String bootstrap) {

        /**
         * The client's {@code sasl.jaas.config} for a partner's SCRAM user (the password is base64url,
         * so it needs no quoting): the one place a partner's client settings spell it.
         */
        public static String jaasConfig(String username, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                    + "\" password=\"" + password + "\";";
        }

        @Override
        public String toString() {
            return "KafkaCredential[username=" + username + ", password=(hidden), mechanism=" + mechanism
                    + ", bootstrap=" + bootstrap + "]";
        }
    }

    /**
     * Creates, or replaces, the partner's credential with a fresh random password and gives its
     * principal exactly its ACLs (any others it had are removed).
     */
    public KafkaCredential grant(String partnerId) {
        requireId(partnerId);
        byte[] secret = new byte[PASSWORD_BYTES];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Admin admin = admin()) {
            await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(partnerId,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password))).all());
            await(admin.deleteAcls(List.of(everyAclOf(partnerId))).all());
            List<AclBinding> acls = acls(partnerId);
            await(admin.createAcls(acls).all());
            awaitInForce(admin, partnerId, true, acls.size());
        }
        LOG.info("Kafka access granted to partner {}", partnerId);
        return new KafkaCredential(partnerId, password, EmbeddedKafkaBroker.PARTNER_MECHANISM, partnerBootstrap);
    }

    /** Deletes the partner's credential and every ACL of its principal; a partner without either is no error. */
    public void revoke(String partnerId) {
        requireId(partnerId);
        try (Admin admin = admin()) {
            try {
                await(admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialDeletion(partnerId, ScramMechanism.SCRAM_SHA_512))).all());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
            }
            await(admin.deleteAcls(List.of(everyAclOf(partnerId))).all());
            awaitInForce(admin, partnerId, false, 0);
        }
        LOG.info("Kafka access of partner {} revoked", partnerId);
    }

    /**
     * Waits until the broker answering the Admin client serves the change (the controller committed
     * it; the broker applies it from the metadata log a moment later), so a credential works when it is
     * handed out and a revoked one no longer does when revoke returns. Other brokers of a larger
     * cluster follow shortly.
     *
     * @param credential whether the partner should have a credential
     * @param aclCount   how many ACLs its principal should have
     */
    private static void awaitInForce(Admin admin, String partnerId, boolean credential, int aclCount) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (hasCredential(admin, partnerId) != credential
                || await(admin.describeAcls(everyAclOf(partnerId)).values()).size() != aclCount) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the Kafka access of partner " + partnerId + " was not in force within "
                        + TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while changing partner access", e);
            }
        }
    }

    private static boolean hasCredential(Admin admin, String partnerId) {
        try {
            return !await(admin.describeUserScramCredentials(List.of(partnerId)).description(partnerId))
                    .credentialInfos().isEmpty();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /** The ACLs {@link #grant} gives a partner's principal. */
    List<AclBinding> acls(String partnerId) {
        String principal = principal(partnerId);
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(topics.outbound(partnerId), topics.status(partnerId))) {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.READ));
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        acls.add(allow(ResourceType.TOPIC, topics.inbound(partnerId), PatternType.LITERAL, principal, AclOperation.WRITE));
        acls.add(allow(ResourceType.TOPIC, topics.inbound(partnerId), PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        String group = groupPrefix(partnerId);
        acls.add(allow(ResourceType.GROUP, group, PatternType.LITERAL, principal, AclOperation.READ));
        acls.add(allow(ResourceType.GROUP, group + ".", PatternType.PREFIXED, principal, AclOperation.READ));
        return acls;
    }

    /** The consumer group a partner may use, and the start of the others it may ({@code <this>.<anything>}). */
    public String groupPrefix(String partnerId) {
        return topics.prefix() + "kith-partner-" + partnerId;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static AclBindingFilter everyAclOf(String partnerId) {
        return new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal(partnerId), null, AclOperation.ANY, AclPermissionType.ANY));
    }

    private static String principal(String partnerId) {
        return "User:" + partnerId;
    }

    private static void requireId(String partnerId) {
        if (partnerId == null || !partnerId.matches(org.kith.hub.config.Partner.ID_PATTERN)) {
            throw new IllegalArgumentException("a partner id is lower-case letters, digits and '-'");
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminBootstrap));
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kafka cluster refused a request about partner access: "
                    + e.getCause().getClass().getSimpleName(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing partner access", e);
        }
    }
}
