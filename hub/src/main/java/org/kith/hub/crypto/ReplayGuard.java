package org.kith.hub.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.kith.hub.crypto.ReplayCheck.Fresh;
import org.kith.hub.crypto.ReplayCheck.Reason;
import org.kith.hub.crypto.ReplayCheck.Refused;

/**
 * Refuses a signed message seen before: a message is accepted only if its (signed) timestamp is
 * within {@code window} of the clock, either way, and its sender has not used its id while that
 * timestamp was in the window. An id is forgotten once its timestamp has left the window, because
 * any copy of it would then be refused as stale anyway; so memory holds at most the ids of
 * {@code 2 * window} of traffic, and never more than {@code maxEntries}, beyond which the guard
 * refuses ({@code replay-capacity}) rather than forget an id early. Size it at the peak rate
 * times twice the window. One guard per hub instance: a replay sent to another instance is caught
 * by the ledger's idempotency key, not here. Thread-safe.
 */
public final class ReplayGuard {

    private record Seen(Instant timestamp, String key) {
    }

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Instant> seen = new HashMap<>();
    private final PriorityQueue<Seen> byTimestamp = new PriorityQueue<>((a, b) -> a.timestamp.compareTo(b.timestamp));

    public ReplayGuard(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the replay window must be positive, was " + window);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock);
    }

    /** Checks and, if fresh, remembers message {@code messageId} of {@code sender} dated {@code timestamp}. */
    public synchronized ReplayCheck check(String sender, String messageId, Instant timestamp) {
        Instant now = clock.instant();
        if (timestamp.isBefore(now.minus(window))) {
            return new Refused(Reason.STALE_TIMESTAMP);
        }
        if (timestamp.isAfter(now.plus(window))) {
            return new Refused(Reason.FUTURE_TIMESTAMP);
        }
        expire(now);
        String key = key(sender, messageId);
        if (seen.containsKey(key)) {
            return new Refused(Reason.REPLAYED);
        }
        if (seen.size() >= maxEntries) {
            return new Refused(Reason.CAPACITY);
        }
        seen.put(key, timestamp);
        byTimestamp.add(new Seen(timestamp, key));
        return new Fresh();
    }

    /**
     * Forgets a message id that {@link #check} let through but that was not accepted after all
     * (invalid, or not stored), so that the sender may send it again, corrected, under the same id.
     * Its place in the expiry queue (a few dozen bytes) stays until its timestamp leaves the window.
     */
    public synchronized void forget(String sender, String messageId) {
        seen.remove(key(sender, messageId));
    }

    /** How many ids are remembered now (after dropping those whose timestamp left the window). */
    public synchronized int size() {
        expire(clock.instant());
        return seen.size();
    }

    private void expire(Instant now) {
        Instant oldestInWindow = now.minus(window);
        while (!byTimestamp.isEmpty() && byTimestamp.peek().timestamp.isBefore(oldestInWindow)) {
            Seen old = byTimestamp.poll();
            // only if still the same use: a forgotten id may have been used again with a later timestamp
            seen.remove(old.key, old.timestamp);
        }
    }

    /** Sender and id joined by a character neither may contain, so ("a", "b:c") and ("a:b", "c") differ. */
    private static String key(String sender, String messageId) {
        return sender + '\u0000' + messageId;
    }
}
