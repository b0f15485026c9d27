package io.headcount.vision.track;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Track ids that carry no information: 64 bits from {@link SecureRandom} as 16 hex digits. Nothing
 * in them (no camera, counter, time or seed shared between tasks) links a track to another track of
 * another camera, another day or another run of the job.
 */
public final class RandomTrackIds implements TrackIds {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String next() {
        return HexFormat.of().toHexDigits(random.nextLong());
    }
}
