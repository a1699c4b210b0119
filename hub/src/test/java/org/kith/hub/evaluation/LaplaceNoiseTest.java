package org.kith.hub.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded throughout: the bounds are loose and the draws fixed, so these cannot flake. */
class LaplaceNoiseTest {

    private static final CountTable TABLE = SuppressionTest.table(
            new long[] {0, 5, 1_000}, new long[] {12, 0, 40});

    @Test
    void aSeededGeneratorGivesTheSameNoise() {
        CountTable first = new LaplaceNoise(0.5, new SplittableRandom(42)).perturb(TABLE);
        CountTable second = new LaplaceNoise(0.5, new SplittableRandom(42)).perturb(TABLE);
        CountTable other = new LaplaceNoise(0.5, new SplittableRandom(43)).perturb(TABLE);
        assertEquals(first, second);
        assertNotEquals(first, other);
        assertEquals(TABLE.rows(), first.rows());
        assertEquals(TABLE.columns(), first.columns());
    }

    @Test
    void countsStayNonNegative() {
        LaplaceNoise noise = new LaplaceNoise(0.1, new SplittableRandom(7));
        for (int draw = 0; draw < 2_000; draw++) {
            long[][] counts = noise.perturb(TABLE).counts();
            for (long[] row : counts) {
                for (long count : row) {
                    assertTrue(count >= 0);
                }
            }
        }
    }

    @Test
    void theErrorAveragesNearZeroAtTheExpectedScale() {
        double epsilon = 0.5;
        LaplaceNoise noise = new LaplaceNoise(epsilon, new SplittableRandom(2024));
        CountTable large = SuppressionTest.table(new long[] {1_000, 2_000}, new long[] {3_000, 4_000});
        long draws = 0;
        double sum = 0;
        double absolute = 0;
        for (int draw = 0; draw < 10_000; draw++) {
            CountTable noisy = noise.perturb(large);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    long error = noisy.count(i, j) - large.count(i, j);
                    sum += error;
                    absolute += Math.abs(error);
                    draws++;
                }
            }
        }
        // Laplace(2): mean 0, standard deviation 2.83, so the mean of 40 000 has sd 0.014.
        assertEquals(0, sum / draws, 0.1);
        // Mean absolute deviation is the scale 1/epsilon = 2 (rounding moves it a little).
        assertEquals(1 / epsilon, absolute / draws, 0.25);
    }

    @Test
    void noisyTablesGoThroughSuppressionAsUsual() {
        CountTable noisy = new LaplaceNoise(1, new SplittableRandom(1)).perturb(TABLE);
        PublishedTable published = new Suppression(11).publish(noisy);
        assertTrue(LinearDisclosure.determined(published).isEmpty());
    }

    @Test
    void describesItselfAndRejectsABadEpsilon() {
        String sentence = new LaplaceNoise(0.25, new SplittableRandom(1)).describe();
        assertTrue(sentence.contains("epsilon 0.25 per table"), sentence);
        assertTrue(sentence.contains("typical change about 4"), sentence);
        assertTrue(new LaplaceNoise(0.01, new SplittableRandom(1)).describe().contains("about 100)"));
        assertThrows(IllegalArgumentException.class, () -> new LaplaceNoise(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new LaplaceNoise(-1, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new LaplaceNoise(Double.NaN, new SplittableRandom(1)));
        assertThrows(NullPointerException.class, () -> new LaplaceNoise(1, null));
    }
}
