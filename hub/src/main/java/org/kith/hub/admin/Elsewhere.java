package org.kith.hub.admin;

/**
 * A family's records are held by another hub instance now (its partition is assigned there): the
 * request is handed on to that instance ({@link Forwarding}). Still an {@link IllegalStateException},
 * so a caller that cannot hand on answers 503.
 */
public final class Elsewhere extends IllegalStateException {

    private final String host;
    private final int port;

    public Elsewhere(String host, int port) {
        super("another hub instance holds this family's records now");
        this.host = host;
        this.port = port;
    }

    /** The base URL of the instance's HTTP API, {@code http} or {@code https} as this hub serves it. */
    public String baseUrl(String scheme) {
        return scheme + "://" + host + ":" + port;
    }
}
