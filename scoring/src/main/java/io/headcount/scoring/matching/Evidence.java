package io.headcount.scoring.matching;

/** What a track's match rests on. */
public enum Evidence {
    /** Mean IoU with the person's boxes at the track's co-timed observations. */
    BOXES,
    /** Time overlap only: the truth has no boxes at the track's observation times. */
    TIME,
    /** No person overlaps the track: a false visitor. */
    NONE
}
