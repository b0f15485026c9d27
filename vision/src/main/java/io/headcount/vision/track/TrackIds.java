package io.headcount.vision.track;

/** Source of new track ids. */
@FunctionalInterface
public interface TrackIds {

    String next();
}
