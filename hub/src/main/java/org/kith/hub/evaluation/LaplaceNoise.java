package org.kith.hub.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An optional release step for public reports: the discrete Laplace mechanism on the cells of a table.
 *
 * <p><b>Method.</b> Each cell gets independent integer noise from the discrete Laplace
 * distribution, P(x) proportional to exp(-epsilon |x|), sampled exactly ({@link DiscreteLaplace}:
 * integer arithmetic and uniform integers from a {@code SecureRandom}, no floating point), and is
 * clamped at 0. Where a family contributes one referral to one cell, adding or removing a family
 * changes one cell by one (sensitivity 1), so the noisy cells of one table are
 * epsilon-differentially private (pure, delta = 0); clamping, the margins and the suppression that
 * follows are computations on the noisy cells only and keep that guarantee. Sampled with doubles,
 * the textbook Laplace leaks through the gaps between the floating-point values it can produce
 * (Mironov 2012); this one cannot, as every value it returns is an exact draw.
 *
 * <p><b>Limits.</b> Epsilon is per table: every further table built from the same referrals spends
 * its own epsilon, and the budgets add up. A family with several referrals in the period moves
 * several cells, which weakens the guarantee in proportion. Row, column and grand totals are
 * recomputed by {@link Suppression#publish(CountTable)} from the noisy cells, so they carry the sum
 * of the cells' noise (they still add up, which readers expect). Clamping at zero biases small
 * counts upwards. Suppression is applied after the noise, to the noisy values.
 */
public final class LaplaceNoise {

    private final double epsilon;
    private final DiscreteLaplace noise;

    /**
     * @param epsilon the privacy budget per table; smaller is more private and noisier (scale 1/epsilon),
     *                its decimal form taken exactly
     * @param random  the source of noise: a {@code SecureRandom}; seed one in tests only, never in production
     */
    public LaplaceNoise(double epsilon, RandomGenerator random) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive finite number");
        }
        this.epsilon = epsilon;
        this.noise = new DiscreteLaplace(epsilon, Objects.requireNonNull(random, "random"));
    }

    public double epsilon() {
        return epsilon;
    }

    /** The table with every cell perturbed: discrete Laplace with rate epsilon, clamped at 0. */
    public CountTable perturb(CountTable table) {
        long[][] counts = table.counts();
        for (long[] row : counts) {
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.max(0, Math.addExact(row[c], noise.sample()));
            }
        }
        return table.withCounts(counts);
    }

    /** A sentence for {@link EvaluationReport#noise()}. */
    public String describe() {
        return String.format(Locale.ROOT,
                "Each count in a table had random whole-number noise added (discrete Laplace mechanism, epsilon %s "
                        + "per table, typical change about %s), never below zero; "
                        + "totals are the sums of the noisy counts.",
                trim(epsilon), trim(1 / epsilon));
    }

    private static String trim(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
