package org.kith.hub.topics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that do not exist yet; existing ones are left as they are, including one that
 * another hub instance created a moment earlier.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    public static void ensure(Admin admin, List<NewTopic> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                    LOG.info("Created topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + created.getKey(), e.getCause());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
