package org.kith.hub.evaluation;

import java.util.Optional;

/**
 * How the hub keeps and publishes the partnership's evaluation measures.
 *
 * @param measures      whether the enforcement core keeps them (off only to measure what they cost)
 * @param threshold     the smallest count a published table shows (small-cell suppression)
 * @param publicEpsilon the privacy budget per table of the Laplace noise added to a public release, if any
 */
public record EvaluationSettings(boolean measures, int threshold, Optional<Double> publicEpsilon) {

    public EvaluationSettings {
        if (threshold < 2) {
            throw new IllegalArgumentException("the suppression threshold must be at least 2");
        }
        publicEpsilon.ifPresent(epsilon -> {
            if (!(epsilon > 0) || epsilon.isInfinite()) {
                throw new IllegalArgumentException("the noise epsilon must be a positive number");
            }
        });
    }
}
