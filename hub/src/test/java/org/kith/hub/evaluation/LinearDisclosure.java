package org.kith.hub.evaluation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle of the suppression tests, written without the graph model of the implementation:
 * which suppressed entries of a published table follow exactly from the shown ones through the
 * row and column equations. Linear algebra: the unknowns are the suppressed entries, the
 * equations are "cells of a row sum to the row total" (totals row included), the same for columns,
 * with shown values moved to the constant side. An unknown is determined iff its unit vector lies
 * in the row space of the coefficient matrix, i.e. appending it does not raise the rank. Ranks by
 * fraction-free Gaussian elimination over BigInteger, so exact.
 */
final class LinearDisclosure {

    private LinearDisclosure() {
    }

    /** Positions {row, column} in the (R+1) x (C+1) table of the suppressed entries that are determined. */
    static List<int[]> determined(PublishedTable table) {
        int rows = table.rows().size();
        int columns = table.columns().size();
        int[][] unknown = new int[rows + 1][columns + 1];
        int unknowns = 0;
        for (int i = 0; i <= rows; i++) {
            for (int j = 0; j <= columns; j++) {
                unknown[i][j] = entry(table, i, j).suppressed() ? unknowns++ : -1;
            }
        }
        List<BigInteger[]> equations = new ArrayList<>();
        for (int i = 0; i <= rows; i++) {
            BigInteger[] equation = zeros(unknowns);
            for (int j = 0; j < columns; j++) {
                add(equation, unknown[i][j], 1);
            }
            add(equation, unknown[i][columns], -1);
            equations.add(equation);
        }
        for (int j = 0; j <= columns; j++) {
            BigInteger[] equation = zeros(unknowns);
            for (int i = 0; i < rows; i++) {
                add(equation, unknown[i][j], 1);
            }
            add(equation, unknown[rows][j], -1);
            equations.add(equation);
        }
        int rank = rank(equations, unknowns);
        List<int[]> determined = new ArrayList<>();
        for (int i = 0; i <= rows; i++) {
            for (int j = 0; j <= columns; j++) {
                if (unknown[i][j] < 0) {
                    continue;
                }
                List<BigInteger[]> extended = new ArrayList<>(equations);
                BigInteger[] unit = zeros(unknowns);
                unit[unknown[i][j]] = BigInteger.ONE;
                extended.add(unit);
                if (rank(extended, unknowns) == rank) {
                    determined.add(new int[] {i, j});
                }
            }
        }
        return determined;
    }

    /** Entry (i,j) of the table with margins: cells, row totals in column C, column totals in row R. */
    static Entry entry(PublishedTable table, int i, int j) {
        int rows = table.rows().size();
        int columns = table.columns().size();
        if (i < rows && j < columns) {
            return table.cells().get(i).get(j);
        }
        if (i < rows) {
            return table.rowTotals().get(i);
        }
        return j < columns ? table.columnTotals().get(j) : table.grandTotal();
    }

    private static BigInteger[] zeros(int n) {
        BigInteger[] row = new BigInteger[n];
        java.util.Arrays.fill(row, BigInteger.ZERO);
        return row;
    }

    private static void add(BigInteger[] equation, int unknown, int coefficient) {
        if (unknown >= 0) {
            equation[unknown] = equation[unknown].add(BigInteger.valueOf(coefficient));
        }
    }

    static int rank(List<BigInteger[]> input, int width) {
        List<BigInteger[]> rows = new ArrayList<>();
        for (BigInteger[] row : input) {
            rows.add(row.clone());
        }
        int rank = 0;
        for (int col = 0; col < width && rank < rows.size(); col++) {
            int pivot = -1;
            for (int r = rank; r < rows.size(); r++) {
                if (rows.get(r)[col].signum() != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigInteger[] p = rows.get(pivot);
            rows.set(pivot, rows.get(rank));
            rows.set(rank, p);
            for (int r = rank + 1; r < rows.size(); r++) {
                BigInteger[] row = rows.get(r);
                BigInteger factor = row[col];
                if (factor.signum() == 0) {
                    continue;
                }
                BigInteger gcd = BigInteger.ZERO;
                for (int k = 0; k < width; k++) {
                    row[k] = row[k].multiply(p[col]).subtract(p[k].multiply(factor));
                    gcd = gcd.gcd(row[k]);
                }
                if (gcd.compareTo(BigInteger.ONE) > 0) {
                    for (int k = 0; k < width; k++) {
                        row[k] = row[k].divide(gcd);
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
