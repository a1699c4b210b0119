package org.kith.hub.config;

import java.util.Optional;

/**
 * How much of the process one stranger, or all of them together, may hold through the HTTP API,
 * before any credential is looked at: open connections in total and per remote address, how long a
 * connection may sit silent, how long a client may take to send a request's headers and then its
 * body, and how many requests one address may make per period. A per-address value of 0 turns that
 * limit off (behind a reverse proxy every client has the proxy's address).
 *
 * @param maxConnections           open connections the HTTP server holds at most; one more is closed at once
 * @param maxConnectionsPerAddress open connections one remote address (an IPv6 /64) holds at most; 0: no limit
 * @param idleTimeoutMs            a connection on which nothing is read or written for this long is closed
 * @param headerTimeoutMs          from a connection's opening (its TLS handshake included), or from the first
 *                                 byte of each next request, to the end of the request's headers
 * @param bodyTimeoutMs            from the end of a request's headers to the end of its body
 * @param addressRateLimit         requests one remote address may make per period, counted before
 *                                 authentication; 0: no limit
 * @param addressRatePeriodMs      how often an address's request budget is refilled
 */
public record HttpLimits(int maxConnections, int maxConnectionsPerAddress, int idleTimeoutMs, int headerTimeoutMs,
                         int bodyTimeoutMs, int addressRateLimit, int addressRatePeriodMs) {

    /**
     * The share of the process's open-file limit the HTTP server may take at most: the broker's log
     * segments, its clients and the core need the rest.
     */
    public static final int OPEN_FILES_SHARE = 4;

    public HttpLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (maxConnectionsPerAddress < 0 || addressRateLimit < 0) {
            throw new IllegalArgumentException("a per-address limit is 0 (off) or positive");
        }
        if (maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException(HubOption.HTTP_MAX_CONNECTIONS_PER_ADDRESS.key() + " ("
                    + maxConnectionsPerAddress + ") must not exceed " + HubOption.HTTP_MAX_CONNECTIONS.key() + " ("
                    + maxConnections + ")");
        }
        if (idleTimeoutMs < 1 || headerTimeoutMs < 1 || bodyTimeoutMs < 1 || addressRatePeriodMs < 1) {
            throw new IllegalArgumentException("every HTTP timeout and period is at least 1 ms");
        }
    }

    /**
     * These limits with the total connection cap lowered, if needed, to a quarter of the process's
     * open-file limit, so that a flood of connections can never take the descriptors the embedded
     * broker needs to write its log; empty if they fit already (or the limit is unknown).
     */
    public Optional<HttpLimits> fittedTo(long openFileLimit) {
        long share = openFileLimit / OPEN_FILES_SHARE;
        if (openFileLimit <= 0 || maxConnections <= share) {
            return Optional.empty();
        }
        int lowered = (int) Math.max(1, share);
        return Optional.of(new HttpLimits(lowered, Math.min(maxConnectionsPerAddress, lowered), idleTimeoutMs,
                headerTimeoutMs, bodyTimeoutMs, addressRateLimit, addressRatePeriodMs));
    }
}
