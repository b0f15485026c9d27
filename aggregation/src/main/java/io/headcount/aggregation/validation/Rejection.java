package io.headcount.aggregation.validation;

/**
 * Why a decoded observation or processed frame cannot be counted; the name is the dead letter's
 * reason code.
 */
public enum Rejection {
    /** A null value (tombstone) where an observation or processed frame was expected. */
    EMPTY,
    /** Blank site or camera: the observation cannot be attributed to a cell. */
    MISSING_SITE_OR_CAMERA,
    /** No frame time: the observation has no event time. */
    MISSING_FRAME_TIME,
    /** A frame time before 1970: Kafka Streams cannot window it. */
    NEGATIVE_FRAME_TIME,
    /** A frame time too far ahead of the wall clock: it would close every open window at once. */
    FRAME_TIME_IN_FUTURE
}
