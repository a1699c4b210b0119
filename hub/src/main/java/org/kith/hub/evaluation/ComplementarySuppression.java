package org.kith.hub.evaluation;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * The complementary step of {@link Suppression}, on the bipartite graph of a table with margins:
 * row nodes {@code 0..R}, column nodes {@code R+1..R+1+C}, an edge per entry. While a suppressed
 * edge is a bridge of the suppressed subgraph (so its value follows from the published ones), the
 * cheapest path that joins its two ends without it is found and its shown entries suppressed: the
 * path and the bridge then form a cycle. A path leaves the bridge's row along its row equation and
 * reaches its column along its column equation, so these are the "same row or column" entries.
 *
 * <p>Cost of suppressing a shown entry, compared in this order: a zero (only if nothing else), a
 * total (cells first), its value (the smallest), then the number of entries. Already suppressed
 * entries cost nothing. Ties go to the lower node index, which makes the result deterministic.
 * Each round suppresses at least one entry and the complete pattern has no bridge (with at least
 * two rows and two columns counting the margins, every edge is on a 4-cycle), so the loop ends.
 */
final class ComplementarySuppression {

    private ComplementarySuppression() {
    }

    /** Extends {@code hidden} in place until no hidden entry is a bridge. */
    static void protect(long[][] values, boolean[][] hidden) {
        int[] bridge;
        while ((bridge = firstBridge(hidden)) != null) {
            for (int[] entry : cheapestDetour(values, hidden, bridge[0], bridge[1])) {
                hidden[entry[0]][entry[1]] = true;
            }
        }
    }

    /** The first hidden entry, in reading order, that lies on no cycle of hidden entries. */
    static int[] firstBridge(boolean[][] hidden) {
        for (int i = 0; i < hidden.length; i++) {
            for (int j = 0; j < hidden[i].length; j++) {
                if (hidden[i][j] && !connectedWithout(hidden, i, j)) {
                    return new int[] {i, j};
                }
            }
        }
        return null;
    }

    /** Whether row node {@code i} reaches column node {@code j} over hidden edges other than (i,j). */
    private static boolean connectedWithout(boolean[][] hidden, int i, int j) {
        int rows = hidden.length;
        int columns = hidden[0].length;
        boolean[] seen = new boolean[rows + columns];
        Deque<Integer> queue = new ArrayDeque<>();
        seen[i] = true;
        queue.add(i);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int other = 0; other < (node < rows ? columns : rows); other++) {
                int r = node < rows ? node : other;
                int c = node < rows ? other : node - rows;
                if (!hidden[r][c] || (r == i && c == j)) {
                    continue;
                }
                int next = node < rows ? rows + c : r;
                if (!seen[next]) {
                    seen[next] = true;
                    queue.add(next);
                }
            }
        }
        return seen[rows + j];
    }

    /** The shown entries on the cheapest path from row node i to column node j avoiding entry (i,j). */
    private static int[][] cheapestDetour(long[][] values, boolean[][] hidden, int i, int j) {
        int rows = values.length;
        int columns = values[0].length;
        int nodes = rows + columns;
        Cost[] best = new Cost[nodes];
        int[] previous = new int[nodes];
        Arrays.fill(previous, -1);
        boolean[] done = new boolean[nodes];
        PriorityQueue<Visit> queue = new PriorityQueue<>();
        best[i] = Cost.NONE;
        queue.add(new Visit(i, Cost.NONE));
        while (!queue.isEmpty()) {
            Visit visit = queue.poll();
            int node = visit.node();
            if (done[node]) {
                continue;
            }
            done[node] = true;
            if (node == rows + j) {
                break;
            }
            for (int other = 0; other < (node < rows ? columns : rows); other++) {
                int r = node < rows ? node : other;
                int c = node < rows ? other : node - rows;
                if (r == i && c == j) {
                    continue;
                }
                int next = node < rows ? rows + c : r;
                if (done[next]) {
                    continue;
                }
                Cost cost = hidden[r][c] ? visit.cost()
                        : visit.cost().plus(values[r][c], r == rows - 1 || c == columns - 1);
                if (best[next] == null || cost.compareTo(best[next]) < 0) {
                    best[next] = cost;
                    previous[next] = node;
                    queue.add(new Visit(next, cost));
                }
            }
        }
        Deque<int[]> detour = new ArrayDeque<>();
        for (int node = rows + j; previous[node] >= 0; node = previous[node]) {
            int from = previous[node];
            int r = node < rows ? node : from;
            int c = node < rows ? from - rows : node - rows;
            if (!hidden[r][c]) {
                detour.push(new int[] {r, c});
            }
        }
        if (detour.isEmpty()) {
            throw new IllegalStateException("no detour around a bridge; the table has no second row or column");
        }
        return detour.toArray(int[][]::new);
    }

    /** Lexicographic: zeros, totals, sum of values, entries. */
    private record Cost(int zeros, int totals, long sum, int entries) implements Comparable<Cost> {
        static final Cost NONE = new Cost(0, 0, 0, 0);

        Cost plus(long value, boolean total) {
            return new Cost(zeros + (value == 0 ? 1 : 0), totals + (total ? 1 : 0),
                    saturatedSum(sum, value), entries + 1);
        }

        private static long saturatedSum(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }

        @Override
        public int compareTo(Cost other) {
            int byZeros = Integer.compare(zeros, other.zeros);
            if (byZeros != 0) {
                return byZeros;
            }
            int byTotals = Integer.compare(totals, other.totals);
            if (byTotals != 0) {
                return byTotals;
            }
            int bySum = Long.compare(sum, other.sum);
            return bySum != 0 ? bySum : Integer.compare(entries, other.entries);
        }
    }

    private record Visit(int node, Cost cost) implements Comparable<Visit> {
        @Override
        public int compareTo(Visit other) {
            int byCost = cost.compareTo(other.cost);
            return byCost != 0 ? byCost : Integer.compare(node, other.node);
        }
    }
}
