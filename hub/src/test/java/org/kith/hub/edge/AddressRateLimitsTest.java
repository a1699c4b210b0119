package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address budget before authentication, on a chosen clock, and the key an address is counted under. */
class AddressRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AddressRateLimits limits = new AddressRateLimits(3, Duration.ofSeconds(10), new SimpleMeterRegistry(),
            nanos::get);

    @Test
    void anAddressHasItsBudgetThenWaitsTheSecondsUntilItsNextPermit() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limits.admit("192.0.2.1"));
        }
        long wait = limits.admit("192.0.2.1");
        assertTrue(wait >= 1 && wait <= 10, "Retry-After " + wait);
        assertEquals(0, limits.admit("192.0.2.2"), "another address has its own budget");
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(0, limits.admit("192.0.2.1"), "refilled after the period");
    }

    @Test
    void addressesWhoseBudgetFilledUpAgainAreForgottenAsTheMapGrows() {
        for (int i = 0; i < 1_500; i++) {
            limits.admit("10.0." + (i / 250) + "." + (i % 250));
        }
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        for (int i = 0; i < 1_100; i++) {
            limits.admit("10.9." + (i / 250) + "." + (i % 250));
        }
        assertTrue(limits.tracked() < 1_500, "refilled addresses were dropped: " + limits.tracked());
    }

    @Test
    void anIpv6AddressCountsByItsSlash64() throws Exception {
        String a = ConnectionGuard.addressOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 1));
        String b = ConnectionGuard.addressOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 1));
        String c = ConnectionGuard.addressOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));
        assertEquals(a, b);
        assertTrue(!a.equals(c));
        assertEquals("192.0.2.7", ConnectionGuard.addressOf(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 1)));
    }
}
