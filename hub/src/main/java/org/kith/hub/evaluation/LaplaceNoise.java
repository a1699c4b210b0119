package org.kith.hub.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An optional release step for public reports: the Laplace mechanism on the cells of a table.
 *
 * <p><b>Method.</b> Each cell gets independent noise drawn from Laplace(0, 1/epsilon), is rounded
 * to the nearest whole number and clamped at 0. Where a family contributes one referral to one
 * cell, adding or removing a family changes one cell by one (sensitivity 1), so the noisy cells
 * of one table are epsilon-differentially private; rounding, clamping, the margins and the
 * suppression that follows are computations on the noisy cells only and keep that guarantee.
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
    private final RandomGenerator random;

    /**
     * @param epsilon the privacy budget per table; smaller is more private and noisier (scale 1/epsilon)
     * @param random  the source of noise; seed it in tests only, never in production
     */
    public LaplaceNoise(double epsilon, RandomGenerator random) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive finite number");
        }
        this.epsilon = epsilon;
        this.random = Objects.requireNonNull(random, "random");
    }

    public double epsilon() {
        return epsilon;
    }

    /** The table with every cell perturbed: Laplace(1/epsilon), rounded, clamped at 0. */
    public CountTable perturb(CountTable table) {
        long[][] counts = table.counts();
        for (long[] row : counts) {
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.max(0, Math.round(row[c] + sample()));
            }
        }
        return table.withCounts(counts);
    }

    /** A sentence for {@link EvaluationReport#noise()}. */
    public String describe() {
        return String.format(Locale.ROOT,
                "Each count in a table had random noise added (Laplace mechanism, epsilon %s per table, "
                        + "typical change about %s) and was rounded to a whole number, never below zero; "
                        + "totals are the sums of the noisy counts.",
                trim(epsilon), trim(1 / epsilon));
    }

    /** Inverse transform: u uniform in (-1/2, 1/2), x = -b sign(u) ln(1 - 2|u|). */
    private double sample() {
        double u;
        do {
            u = random.nextDouble() - 0.5;
        } while (u == -0.5);
        return -(1 / epsilon) * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    private static String trim(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
