package io.headcount.aggregation.tracking;

import io.headcount.aggregation.counting.WindowTally;
import io.headcount.schemas.TrackSummary;

/**
 * What the tracker forwards: tallies to count per window, and one summary per visitor. Never
 * serialized.
 */
public sealed interface TrackerOutput {

    record Tally(WindowTally tally) implements TrackerOutput {}

    record Visitor(TrackSummary summary) implements TrackerOutput {}
}
