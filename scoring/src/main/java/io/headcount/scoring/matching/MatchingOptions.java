package io.headcount.scoring.matching;

import java.time.Duration;

/**
 * @param minIou the mean IoU a track must reach with a person's boxes to overlap that person at all
 *     (and the IoU one observation needs to be that person's face)
 * @param boxTimeTolerance how far apart an observation's frame time and an annotated box's time may
 *     be and still be the same frame (annotations in seconds, video timestamps)
 */
public record MatchingOptions(double minIou, Duration boxTimeTolerance) {

    public static final double DEFAULT_MIN_IOU = 0.3;
    public static final Duration DEFAULT_BOX_TIME_TOLERANCE = Duration.ofMillis(20);

    public static final MatchingOptions DEFAULTS =
            new MatchingOptions(DEFAULT_MIN_IOU, DEFAULT_BOX_TIME_TOLERANCE);

    public MatchingOptions {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
        }
        if (boxTimeTolerance.isNegative()) {
            throw new IllegalArgumentException(
                    "boxTimeTolerance must not be negative, got " + boxTimeTolerance);
        }
    }
}
