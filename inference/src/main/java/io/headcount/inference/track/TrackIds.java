package io.headcount.inference.track;

/** Source of new track ids. */
@FunctionalInterface
public interface TrackIds {

    String next();
}
