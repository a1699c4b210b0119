package org.kith.hub.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.kith.hub.config.HttpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the HTTP API's open connections, in total and per remote address, at the moment a
 * connection is accepted: before its TLS handshake and before anything is read from it, so that no
 * number of strangers can hold more of the process's file descriptors than the cap. A connection
 * over a cap is closed at once, without an answer (there is no request yet to answer); the hub
 * goes on serving the connections it holds. An IPv6 address counts by its /64, the block one
 * subscriber usually holds. Each open connection is counted until its channel closes, whoever
 * closes it.
 */
final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** At most one warning per cap this often: a flood must not become a flood of log lines. */
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final Counter refusedOverTotal;
    private final Counter refusedOverAddress;
    private final AtomicLong lastTotalWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong lastAddressWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ConnectionGuard(HttpLimits limits, MeterRegistry meters) {
        this.max = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerAddress();
        Gauge.builder("kith.http.connections.open", open, AtomicInteger::get)
                .description("Connections the HTTP API holds open").register(meters);
        this.refusedOverTotal = refused(meters, "total");
        this.refusedOverAddress = refused(meters, "address");
    }

    private static Counter refused(MeterRegistry meters, String cap) {
        return Counter.builder("kith.http.connections.refused")
                .description("Connections closed as soon as accepted, over the total or the per-address cap")
                .tag("cap", cap).register(meters);
    }

    /** Counts the channel until it closes, or closes it at once if it is over a cap; true if admitted. */
    boolean admit(Channel channel) {
        if (!takeOpenSlot()) {
            refuse(channel, refusedOverTotal, lastTotalWarning, "the HTTP API holds " + max
                    + " connections, its cap (kith.http.max.connections): new ones are closed at once");
            return false;
        }
        String address = addressOf(channel.remoteAddress());
        if (maxPerAddress > 0 && !takeSlot(address)) {
            open.decrementAndGet();
            refuse(channel, refusedOverAddress, lastAddressWarning, "a remote address holds " + maxPerAddress
                    + " connections, its cap (kith.http.max.connections.per.address): its new ones are closed at once");
            return false;
        }
        channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            if (maxPerAddress > 0) {
                perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
            }
        });
        return true;
    }

    /** One more open connection, if under the cap: the count never passes it, not even for a moment. */
    private boolean takeOpenSlot() {
        int held;
        do {
            held = open.get();
            if (held >= max) {
                return false;
            }
        } while (!open.compareAndSet(held, held + 1));
        return true;
    }

    private boolean takeSlot(String address) {
        boolean[] taken = new boolean[1];
        perAddress.compute(address, (key, count) -> {
            int held = count == null ? 0 : count;
            taken[0] = held < maxPerAddress;
            return taken[0] ? held + 1 : count;
        });
        return taken[0];
    }

    private static void refuse(Channel channel, Counter refused, AtomicLong lastWarning, String warning) {
        refused.increment();
        channel.close();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("{} (logged at most once a minute; see kith_http_connections_refused_total)", warning);
        }
    }

    /**
     * The key a remote address is counted under, for the connection caps and the request budget: an
     * IPv4 address as such, an IPv6 address by its /64.
     */
    static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return addressOf(inet.getAddress());
        }
        return "local";
    }

    static String addressOf(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = java.util.Arrays.copyOf(address.getAddress(), 8);
            return HexFormat.of().formatHex(prefix) + "/64";
        }
        return address.getHostAddress();
    }
}
