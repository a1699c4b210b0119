package org.kith.hub.enforce;

import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One inbound record as it came, with where it came from: what a handler may quote (the key, the
 * timestamp, the origin of a dead letter, the ledger position of a history entry) without holding
 * the Streams context, so a handler can be run and tested without Kafka.
 *
 * @param topic     the inbound topic, or null when the record has no origin (a punctuation)
 * @param partition its partition, or -1
 * @param offset    its offset, or -1
 */
record Inbound(String key, byte[] value, Headers headers, long timestamp, String topic, int partition, long offset) {

    static Inbound of(Record<String, byte[]> record, Optional<RecordMetadata> origin) {
        return new Inbound(record.key(), record.value(), record.headers(), record.timestamp(),
                origin.map(RecordMetadata::topic).orElse(null),
                origin.map(RecordMetadata::partition).orElse(-1),
                origin.map(RecordMetadata::offset).orElse(-1L));
    }

    /** {@code <partition>-<offset>}: orders history entries of one object written at the same millisecond. */
    String position() {
        return topic == null ? "0-0" : partition + "-" + offset;
    }
}
