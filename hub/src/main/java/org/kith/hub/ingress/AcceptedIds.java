package org.kith.hub.ingress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.connectors.IdRegistry;
import org.kith.connectors.InboundRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event ids every sender used for the messages the hub accepted, as this instance knows them:
 * its own, and every other instance's as {@code kith.ingress.ids} brings them ({@link #remember}).
 * An id is remembered for {@code keep} after it was accepted (twice the replay window: a signature
 * stays fresh for a window after its time, which may itself be a window ahead of the clock), then
 * forgotten.
 *
 * <p>Each sender has its own share: at most {@code capacityPerSender} ids, so one sender's ids never
 * push out or block another's. A sender at its share is refused ({@link IdRegistry.Full}, with the
 * seconds until its oldest id is forgotten) rather than have an id forgotten early, which would
 * let a resend through. Ids other instances accepted are always remembered, even beyond the share:
 * they were accepted, and forgetting them would let their resends through; so with N instances a
 * sender's ids may reach N shares at worst.
 *
 * <p>A claimed id is held (pending) until the ingress records it, once the message is stored, or
 * releases it. While pending, another message under the same id is refused as replayed, even with
 * the same content: the first may still fail to be stored. Thread-safe; senders do not wait on each
 * other.
 */
public final class AcceptedIds implements IdRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptedIds.class);

    /** Where an accepted id is written so that every instance, and this one after a restart, knows it. */
    @FunctionalInterface
    public interface Journal {
        /** Returns once the id is durably written; throws if it could not be. */
        void write(AcceptedId id) throws Exception;
    }

    /** Nothing durable: for tests and a hub without Kafka. */
    public static final Journal IN_MEMORY = id -> { };

    /**
     * What is known of one id; {@code recorded} is false while its message is being stored. Compared
     * by identity: a claim releases or records its own entry, never one that replaced it.
     */
    private static final class Entry {
        final String messageId;
        final String sha256;
        final Instant expiresAt;
        /** Guarded by the sender's {@link SenderIds}. */
        boolean recorded;

        Entry(String messageId, String sha256, Instant expiresAt, boolean recorded) {
            this.messageId = messageId;
            this.sha256 = sha256;
            this.expiresAt = expiresAt;
            this.recorded = recorded;
        }
    }

    private record Expiry(String eventId, Entry entry) {
    }

    /** One sender's ids and their expiry order. Entries replaced or removed leave their expiry behind; it is skipped. */
    private static final class SenderIds {
        final Map<String, Entry> byId = new HashMap<>();
        final PriorityQueue<Expiry> byExpiry = new PriorityQueue<>((a, b) -> a.entry.expiresAt.compareTo(b.entry.expiresAt));

        void expire(Instant now) {
            while (!byExpiry.isEmpty() && !byExpiry.peek().entry.expiresAt.isAfter(now)) {
                Expiry old = byExpiry.poll();
                byId.remove(old.eventId, old.entry);
            }
        }

        void put(String eventId, Entry entry) {
            byId.put(eventId, entry);
            byExpiry.add(new Expiry(eventId, entry));
        }

        /** When the oldest id still remembered is forgotten. */
        Instant oldestExpiry() {
            while (!byExpiry.isEmpty() && byId.get(byExpiry.peek().eventId) != byExpiry.peek().entry) {
                byExpiry.poll();
            }
            return byExpiry.isEmpty() ? Instant.MIN : byExpiry.peek().entry.expiresAt;
        }
    }

    private final Duration keep;
    private final int capacityPerSender;
    private final Clock clock;
    private final Journal journal;
    private final Map<String, SenderIds> senders = new ConcurrentHashMap<>();

    /**
     * @param keep              how long an id is remembered after it was accepted
     * @param capacityPerSender most ids one sender may hold
     */
    public AcceptedIds(Duration keep, int capacityPerSender, Clock clock, Journal journal) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("ids must be kept for a positive time, not " + keep);
        }
        if (capacityPerSender < 1) {
            throw new IllegalArgumentException("capacityPerSender must be at least 1, was " + capacityPerSender);
        }
        this.keep = keep;
        this.capacityPerSender = capacityPerSender;
        this.clock = Objects.requireNonNull(clock);
        this.journal = Objects.requireNonNull(journal);
    }

    @Override
    public Verdict claim(String sender, String eventId, String sha256) {
        Instant now = clock.instant();
        SenderIds ids = senders.computeIfAbsent(sender, s -> new SenderIds());
        Entry pending;
        synchronized (ids) {
            ids.expire(now);
            Entry known = ids.byId.get(eventId);
            if (known != null) {
                return known.recorded && known.sha256.equals(sha256) ? new Resent(known.messageId) : new Replayed();
            }
            if (ids.byId.size() >= capacityPerSender) {
                long millis = Duration.between(now, ids.oldestExpiry()).toMillis();
                return new Full(Math.max(1, (millis + 999) / 1000));
            }
            pending = new Entry(InboundRecord.messageId(sender, eventId), sha256, now.plus(keep), false);
            ids.put(eventId, pending);
        }
        AcceptedId accepted = new AcceptedId(sender, eventId, pending.messageId, sha256, now);
        return new Claimed(pending.messageId, () -> record(ids, accepted, pending), () -> release(ids, eventId, pending));
    }

    /** An id accepted by an instance, read from the topic: remembered unless it is already due to be forgotten. */
    public void remember(AcceptedId id) {
        Instant expiresAt = id.acceptedAt().plus(keep);
        Instant now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            return;
        }
        SenderIds ids = senders.computeIfAbsent(id.sender(), s -> new SenderIds());
        synchronized (ids) {
            ids.expire(now);
            Entry known = ids.byId.get(id.eventId());
            if (known != null && known.recorded && !known.expiresAt.isBefore(expiresAt)) {
                return; // this instance's own record, or an older copy of it
            }
            if (known != null && !known.recorded) {
                // another instance accepted the id while this one is still storing its message: both are stored,
                // under the same message id, and the core decides it once
                LOG.warn("Event id of partner {} accepted by two instances at once; the core decides message {} once",
                        id.sender(), id.messageId());
            }
            ids.put(id.eventId(), new Entry(id.messageId(), id.sha256(), expiresAt, true));
        }
    }

    /** How many ids {@code sender} holds now. */
    public int size(String sender) {
        SenderIds ids = senders.get(sender);
        if (ids == null) {
            return 0;
        }
        synchronized (ids) {
            ids.expire(clock.instant());
            return ids.byId.size();
        }
    }

    /** How many ids all senders hold now. */
    public int size() {
        return senders.keySet().stream().mapToInt(this::size).sum();
    }

    private void record(SenderIds ids, AcceptedId accepted, Entry pending) {
        try {
            journal.write(accepted);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the message is stored: this instance still knows the id; another might let a resend through,
            // which carries the same message id, and the core decides it once
            LOG.error("Accepted event id of partner {} (message {}) not recorded for the other instances: {}",
                    accepted.sender(), accepted.messageId(), e.getClass().getName());
        }
        synchronized (ids) {
            pending.recorded = true; // whether still held or already replaced by another instance's record
        }
    }

    private static void release(SenderIds ids, String eventId, Entry pending) {
        synchronized (ids) {
            ids.byId.remove(eventId, pending); // only if still this claim: another instance's record stays
        }
    }
}
