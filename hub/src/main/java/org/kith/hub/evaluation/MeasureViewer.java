package org.kith.hub.evaluation;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who is shown the measures, and so which of them: the whole partnership (its unscoped auditors
 * and administrators), or partners (a partner itself, or a user of the administration API scoped to
 * agencies), each shown the referrals it sent or received as it was shown them, and the messages
 * it sent that were withheld ({@link MeasureTotals#seenBy}).
 */
public sealed interface MeasureViewer {

    /** The partnership's own staff: every referral and every withheld message, as they are. */
    record Partnership() implements MeasureViewer {
    }

    /** These partners (never none: no partner is not "every partner"). */
    record Partners(Set<String> ids) implements MeasureViewer {
        public Partners {
            ids = Set.copyOf(new TreeSet<>(ids));
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("a measures viewer is at least one partner");
            }
        }
    }

    static MeasureViewer partnership() {
        return new Partnership();
    }

    static MeasureViewer partners(Set<String> ids) {
        return new Partners(ids);
    }

    static MeasureViewer partner(String id) {
        return new Partners(Set.of(id));
    }
}
