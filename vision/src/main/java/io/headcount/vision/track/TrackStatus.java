package io.headcount.vision.track;

/** Where a track is in its life. A deleted track is simply removed from the state. */
public enum TrackStatus {
    /** Started by an unmatched detection; not yet seen often enough to be a face we trust. */
    TENTATIVE,
    /** Seen in enough frames and matched in the latest one. */
    CONFIRMED,
    /**
     * Confirmed, but missed in the latest frame(s); still predicted and matchable until deleted.
     */
    LOST
}
