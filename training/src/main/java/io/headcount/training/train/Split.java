package io.headcount.training.train;

import java.nio.charset.StandardCharsets;

/**
 * A train/test split by identity: a person (or, where a data set has no identities, a file with all
 * its synthetic masks) falls on one side only, decided by a hash of the seed and the identity, so
 * the split does not depend on the order or the subset of the data.
 */
public record Split(long seed, double trainShare) {

    public Split {
        if (trainShare <= 0 || trainShare >= 1) {
            throw new IllegalArgumentException("train share must be in (0, 1): " + trainShare);
        }
    }

    public boolean isTrain(String identity) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53) < trainShare;
    }

    /** A split of the training side into a smaller training part and a validation part. */
    public Split inner() {
        return new Split(seed * 31 + 17, 0.8);
    }
}
