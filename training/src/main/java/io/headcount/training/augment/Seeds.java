package io.headcount.training.augment;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random generators derived from the run's seed and the face, so that a face gets the same mask
 * whatever order or subset the faces are processed in.
 */
public final class Seeds {

    private Seeds() {}

    public static Random random(long seed, String file, int variant) {
        long h = 1125899906842597L;
        for (byte b : file.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new Random(seed * 0x9E3779B97F4A7C15L ^ h ^ (variant * 0xC2B2AE3D27D4EB4FL));
    }
}
