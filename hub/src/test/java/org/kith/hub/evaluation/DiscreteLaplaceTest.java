package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The sampler's draws follow the exact discrete Laplace pmf, P(x) = (1 - p) / (1 + p) p^|x| with
 * p = exp(-epsilon): a chi-square goodness-of-fit test on 200,000 draws, values past the bins where
 * the tails beyond the bins pooled, each expecting at least 50 draws. The critical value is the 99.9th
 * percentile of chi-square with the bins' degrees of freedom, so a correct sampler fails on a given
 * seed with probability 0.001; the seeds are fixed, so the test cannot flake, and a biased sampler
 * (e.g. rate epsilon/2, or a one-sided error at zero) is far past the bound at this size.
 */
class DiscreteLaplaceTest {

    private static final int DRAWS = 200_000;

    @ParameterizedTest
    @CsvSource({"1.0, 11", "0.5, 12", "0.1, 13", "0.3, 14", "2, 15"})
    void drawsFollowTheExactPmf(double epsilon, long seed) {
        ChiSquare chiSquare = chiSquare(new DiscreteLaplace(epsilon, new SplittableRandom(seed)), epsilon);
        assertTrue(chiSquare.statistic() < criticalValue999(chiSquare.degreesOfFreedom()),
                "chi-square " + chiSquare.statistic() + " with " + chiSquare.degreesOfFreedom() + " df");
    }

    @Test
    void aSamplerOfAnotherRateFailsTheSameTest() {
        // the test's power: draws of rate 0.45 judged against the pmf of rate 0.5
        ChiSquare wrong = chiSquare(new DiscreteLaplace(0.45, new SplittableRandom(12)), 0.5);
        assertTrue(wrong.statistic() > criticalValue999(wrong.degreesOfFreedom()), "statistic " + wrong.statistic());
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        var first = new DiscreteLaplace(0.3, new SplittableRandom(5));
        var second = new DiscreteLaplace(0.3, new SplittableRandom(5));
        for (int i = 0; i < 1_000; i++) {
            assertEquals(first.sample(), second.sample());
        }
    }

    @Test
    void refusesAnEpsilonItCannotHoldExactly() {
        assertThrows(IllegalArgumentException.class, () -> new DiscreteLaplace(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new DiscreteLaplace(Double.NaN, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new DiscreteLaplace(1e-20, new SplittableRandom(1)));
        assertThrows(NullPointerException.class, () -> new DiscreteLaplace(1, null));
    }

    record ChiSquare(double statistic, int degreesOfFreedom) {
    }

    private static ChiSquare chiSquare(DiscreteLaplace sampler, double epsilon) {
        double p = Math.exp(-epsilon);
        // bins -m..m and a tail each side beyond them, each tail expecting at least 50 draws
        int m = 0;
        while (DRAWS * tail(m + 1, p) >= 50) {
            m++;
        }
        long[] observed = new long[2 * m + 3]; // [0] tail below -m, [1..2m+1] the bins, [2m+2] tail above m
        for (int i = 0; i < DRAWS; i++) {
            long x = sampler.sample();
            observed[x < -m ? 0 : x > m ? 2 * m + 2 : (int) (x + m + 1)]++;
        }
        double tail = tail(m, p);
        double statistic = 0;
        for (int bin = 0; bin < observed.length; bin++) {
            double expected = DRAWS * (bin == 0 || bin == observed.length - 1 ? tail : pmf(bin - m - 1, p));
            statistic += (observed[bin] - expected) * (observed[bin] - expected) / expected;
        }
        return new ChiSquare(statistic, observed.length - 1);
    }

    /** P(X &gt; m), which is P(X &lt; -m). */
    private static double tail(int m, double p) {
        return Math.pow(p, m + 1) / (1 + p);
    }

    private static double pmf(long x, double p) {
        return (1 - p) / (1 + p) * Math.pow(p, Math.abs(x));
    }

    /** The 99.9th percentile of chi-square with k degrees of freedom (Wilson-Hilferty, within 1% for k of 3 or more). */
    private static double criticalValue999(int k) {
        double z = 3.0902;
        double a = 2.0 / (9 * k);
        return k * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }
}
