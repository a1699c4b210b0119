package org.kith.hub.evaluation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact sampling of the discrete Laplace distribution (the two-sided geometric): P(x) is
 * proportional to exp(-epsilon |x|) over the integers. The construction is Canonne, Kamath and
 * Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1 and 2: it
 * uses only integer arithmetic and uniform integers drawn from the generator, so no floating-point
 * rounding shapes the distribution (the weakness of the textbook inverse-transform Laplace with
 * doubles, Mironov 2012). Epsilon is held as the exact fraction its decimal writes.
 *
 * <p>Give it a {@link java.security.SecureRandom} in production; a seeded generator in tests only.
 */
final class DiscreteLaplace {

    /** Numerators and denominators past this could overflow the sampler's longs; no real epsilon needs them. */
    private static final long MAX_TERM = 1_000_000_000_000L;

    private final long numerator;
    private final long denominator;
    private final RandomGenerator random;

    /**
     * @param epsilon the rate: P(x) proportional to exp(-epsilon |x|); positive, finite, its decimal
     *                form (e.g. {@code 0.1}) taken exactly
     */
    DiscreteLaplace(double epsilon, RandomGenerator random) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive finite number");
        }
        BigDecimal exact = BigDecimal.valueOf(epsilon).stripTrailingZeros();
        BigInteger n = exact.scale() > 0 ? exact.unscaledValue() : exact.toBigIntegerExact();
        BigInteger d = exact.scale() > 0 ? BigInteger.TEN.pow(exact.scale()) : BigInteger.ONE;
        BigInteger gcd = n.gcd(d);
        n = n.divide(gcd);
        d = d.divide(gcd);
        if (n.compareTo(BigInteger.valueOf(MAX_TERM)) > 0 || d.compareTo(BigInteger.valueOf(MAX_TERM)) > 0) {
            throw new IllegalArgumentException("epsilon must be a decimal of at most 12 digits on either side");
        }
        this.numerator = n.longValueExact();
        this.denominator = d.longValueExact();
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * One draw (CKS Algorithm 2, which draws with scale t/s: here 1/epsilon, so t is epsilon's
     * denominator and s its numerator). X = U + tV has P(X) proportional to exp(-X/t); Y = X / s
     * (whole division) then has rate s/t = epsilon.
     */
    long sample() {
        long s = numerator;
        long t = denominator;
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulliExp(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(1, 1)) {
                v++;
            }
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            long y = x / s;
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }

    /** True with probability exp(-n/d), n &ge; 0, d &gt; 0 (CKS Algorithm 1). */
    private boolean bernoulliExp(long n, long d) {
        long whole = n / d;
        for (long k = 0; k < whole; k++) {
            if (!bernoulliExpAtMostOne(1, 1)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(n % d, d);
    }

    /** True with probability exp(-n/d) for 0 &le; n/d &le; 1: the parity of the first k with no success of Bernoulli(n/(dk)). */
    private boolean bernoulliExpAtMostOne(long n, long d) {
        long k = 1;
        while (bernoulli(n, Math.multiplyExact(d, k))) {
            k++;
        }
        return k % 2 == 1;
    }

    /** True with probability n/d, exactly: a uniform integer below d is below n. */
    private boolean bernoulli(long n, long d) {
        return random.nextLong(d) < n;
    }
}
