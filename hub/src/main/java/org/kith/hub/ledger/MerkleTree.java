package org.kith.hub.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kith.hub.crypto.Digests;

/**
 * RFC 6962 (Certificate Transparency) Merkle trees over record hashes, as RFC 9162 section 2.1
 * defines them: leaf = SHA-256(0x00 || record hash), node = SHA-256(0x01 || left || right), the
 * left subtree of n leaves holding the largest power of two smaller than n. The 0x00/0x01 prefixes
 * keep a leaf from passing for a node. Audit paths and their verification follow RFC 9162 2.1.3.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] recordHash) {
        return leafHash(Digests.sha256(), recordHash);
    }

    /** The leaf hash, computed with {@code sha} (reset on return), for callers that reuse one digest. */
    static byte[] leafHash(MessageDigest sha, byte[] recordHash) {
        sha.update((byte) 0x00);
        sha.update(recordHash);
        return sha.digest();
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = Digests.sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** MTH(D[n]) over leaf hashes; at least one leaf (Kith never seals an empty range). */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint seals at least one record");
        }
        return root(leaves, 0, leaves.size());
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** PATH(m, D[n]): the audit path of leaf {@code index}, from the leaf up. */
    public static List<byte[]> path(int index, List<byte[]> leaves) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leaves.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(index, leaves, 0, leaves.size(), path);
        return path;
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            path(m, leaves, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** Whether {@code path} proves leaf {@code leaf} at {@code index} in a tree of {@code size} with {@code root} (RFC 9162 2.1.3.2). */
    public static boolean verify(long index, long size, byte[] leaf, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }
}
