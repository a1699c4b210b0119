package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.HttpLimits;

/** The connection caps at accept: in total and per address, released when a connection closes, counted as refused. */
class ConnectionGuardTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConnectionGuard guard = new ConnectionGuard(new HttpLimits(3, 2, 60_000, 10_000, 30_000, 0, 1_000), meters);

    @Test
    void anAddressHoldsItsCapAndTheWholeServerItsOwnAndAClosedConnectionFreesItsPlace() {
        EmbeddedChannel a1 = from("192.0.2.1");
        EmbeddedChannel a2 = from("192.0.2.1");
        assertTrue(guard.admit(a1) && guard.admit(a2));
        EmbeddedChannel a3 = from("192.0.2.1");
        assertFalse(guard.admit(a3), "over the address's cap");
        assertFalse(a3.isOpen(), "closed at once");

        EmbeddedChannel b1 = from("192.0.2.2");
        assertTrue(guard.admit(b1));
        EmbeddedChannel b2 = from("192.0.2.2");
        assertFalse(guard.admit(b2), "over the total cap");
        assertEquals(3.0, open(), "never more than the cap");

        a1.close();
        assertEquals(2.0, open());
        assertTrue(guard.admit(from("192.0.2.2")), "a closed connection frees its place in the total and its address's");
        assertEquals(1.0, refused("address"));
        assertEquals(1.0, refused("total"));
    }

    private double open() {
        return meters.get("kith.http.connections.open").gauge().value();
    }

    private double refused(String cap) {
        return meters.get("kith.http.connections.refused").tag("cap", cap).counter().count();
    }

    private static EmbeddedChannel from(String address) {
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress(address, 40_000);
            }
        };
    }
}
