package org.kith.hub.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * An administrative change as a notice on {@code kith.inbound} (marked by the {@code kith-admin-change}
 * header): the ledger is written only by the enforcement core, which turns the notice into an
 * admin-change record. Who (a user id), what, on which object: never data.
 */
public final class AdminChanges {

    private AdminChanges() {
    }

    /** The notice, keyed {@code admin:<object type>}: one partition holds the history of each kind of object. */
    public static ProducerRecord<String, byte[]> notice(String inboundTopic, LedgerEvent.AdminChange change) {
        return notice(inboundTopic, change, "admin:" + change.objectType());
    }

    /** The notice under {@code key}: a family's id for a change to the family's documents. */
    public static ProducerRecord<String, byte[]> notice(String inboundTopic, LedgerEvent.AdminChange change, String key) {
        return notice(inboundTopic, key, change, KithHeaders.ADMIN_CHANGE, change.action());
    }

    /** A ledger event as a notice on the inbound topic, marked by the {@code header} only the hub's edges write. */
    static ProducerRecord<String, byte[]> notice(String inboundTopic, String key, LedgerEvent event, String header,
                                                 String headerValue) {
        try {
            var record = new ProducerRecord<String, byte[]>(inboundTopic, key, Json.mapper().writeValueAsBytes(event));
            record.headers().add(header, headerValue.getBytes(StandardCharsets.UTF_8));
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who a command-line change is by: the operating-system account that ran it. */
    public static String commandLineActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
