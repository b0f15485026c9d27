package io.headcount.aggregation.validation;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What makes a decoded input record countable: the same rules for a face observation and a
 * processed frame, since both are attributed to a site/camera cell at their frame time. Pure
 * functions, shared by the timestamp extractors and the validators.
 */
public final class ObservationRules {

    private ObservationRules() {}

    /**
     * Checks that hold for any clock: presence of value, site, camera and a non-negative frame
     * time.
     */
    public static Optional<Rejection> checkFields(FaceObservation observation) {
        return observation == null
                ? Optional.of(Rejection.EMPTY)
                : checkFields(
                        observation.getSite(), observation.getCamera(), observation.getFrameTime());
    }

    /** As {@link #checkFields(FaceObservation)}, for a processed frame. */
    public static Optional<Rejection> checkFields(FrameProcessed frame) {
        return frame == null
                ? Optional.of(Rejection.EMPTY)
                : checkFields(frame.getSite(), frame.getCamera(), frame.getFrameTime());
    }

    /**
     * {@link #checkFields} plus the wall-clock check: the frame time is not too far in the future.
     */
    public static Optional<Rejection> check(
            FaceObservation observation, long nowMillis, Duration maxFutureSkew) {
        return checkFields(observation)
                .or(() -> checkNotAhead(observation.getFrameTime(), nowMillis, maxFutureSkew));
    }

    /** As {@link #check(FaceObservation, long, Duration)}, for a processed frame. */
    public static Optional<Rejection> check(
            FrameProcessed frame, long nowMillis, Duration maxFutureSkew) {
        return checkFields(frame)
                .or(() -> checkNotAhead(frame.getFrameTime(), nowMillis, maxFutureSkew));
    }

    private static Optional<Rejection> checkFields(
            CharSequence site, CharSequence camera, Instant frameTime) {
        if (isBlank(site) || isBlank(camera)) {
            return Optional.of(Rejection.MISSING_SITE_OR_CAMERA);
        }
        if (frameTime == null) {
            return Optional.of(Rejection.MISSING_FRAME_TIME);
        }
        if (frameTime.toEpochMilli() < 0) {
            return Optional.of(Rejection.NEGATIVE_FRAME_TIME);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkNotAhead(
            Instant frameTime, long nowMillis, Duration maxFutureSkew) {
        return frameTime.toEpochMilli() > nowMillis + maxFutureSkew.toMillis()
                ? Optional.of(Rejection.FRAME_TIME_IN_FUTURE)
                : Optional.empty();
    }

    private static boolean isBlank(CharSequence text) {
        return text == null || text.toString().isBlank();
    }
}
