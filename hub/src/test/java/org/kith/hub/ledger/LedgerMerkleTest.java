package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.Digests;

/** RFC 6962 trees: the root against a plain reference, and an audit path for every leaf of trees of 1..33 leaves. */
class LedgerMerkleTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash(Digests.sha256(("record " + i).getBytes(StandardCharsets.UTF_8))));
        }
        return leaves;
    }

    /** RFC 6962 section 2.1 read literally, on array copies: MTH(D[n]) = H(1 || MTH(D[0:k]) || MTH(D[k:n])). */
    private static byte[] reference(byte[][] d) {
        if (d.length == 1) {
            return d[0];
        }
        int k = 1;
        while (k * 2 < d.length) {
            k *= 2;
        }
        byte[] left = reference(Arrays.copyOfRange(d, 0, k));
        byte[] right = reference(Arrays.copyOfRange(d, k, d.length));
        byte[] input = new byte[1 + left.length + right.length];
        input[0] = 1;
        System.arraycopy(left, 0, input, 1, left.length);
        System.arraycopy(right, 0, input, 1 + left.length, right.length);
        return Digests.sha256(input);
    }

    @Test
    void leavesAndNodesAreDomainSeparated() {
        byte[] recordHash = new byte[32];
        byte[] leafInput = new byte[33];
        assertArrayEquals(Digests.sha256(leafInput), MerkleTree.leafHash(recordHash));
        // RFC 6962's empty-leaf value, H(0x00), as a sanity check of the prefix byte
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                HexFormat.of().formatHex(Digests.sha256(new byte[] {0})));
    }

    @Test
    void everyLeafOfEveryTreeFrom1To33LeavesHasAPathToTheRoot() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = leaves(n);
            byte[] root = MerkleTree.root(leaves);
            assertArrayEquals(reference(leaves.toArray(byte[][]::new)), root, "root of " + n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleTree.path(m, leaves);
                assertTrue(MerkleTree.verify(m, n, leaves.get(m), path, root), "leaf " + m + " of " + n);
                if (n > 1) {
                    assertFalse(MerkleTree.verify(m, n, leaves.get((m + 1) % n), path, root), "another leaf, " + m + " of " + n);
                    assertFalse(MerkleTree.verify((m + 1) % n, n, leaves.get(m), path, root), "another index, " + m + " of " + n);
                    List<byte[]> shorter = path.subList(0, path.size() - 1);
                    assertFalse(MerkleTree.verify(m, n, leaves.get(m), shorter, root), "a shortened path");
                    List<byte[]> altered = new ArrayList<>(path);
                    byte[] first = altered.get(0).clone();
                    first[0] ^= 1;
                    altered.set(0, first);
                    assertFalse(MerkleTree.verify(m, n, leaves.get(m), altered, root), "an altered path");
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(new byte[32]);
                assertFalse(MerkleTree.verify(m, n, leaves.get(m), longer, root), "a lengthened path");
                assertFalse(MerkleTree.verify(n, n, leaves.get(m), path, root), "an index past the end");
            }
        }
    }
}
