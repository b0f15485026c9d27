package io.headcount.bench.score;

import io.headcount.ingest.FrameTiming;
import io.headcount.ingest.source.FrameSource;
import io.headcount.scoring.truth.GroundTruth;
import java.io.IOException;

/**
 * A scenario made ready to run: the camera it is published as, its clock (recent capture times: the
 * frames topic deletes records by their time, and the job refuses times far ahead), its frames and
 * its ground truth in the same clock.
 */
interface ScoreScene {

    String camera();

    /** Capture times of frames without a clock of their own, and the end-of-stream slot. */
    FrameTiming timing();

    /** The frames; called once. */
    FrameSource open() throws IOException;

    /** The scene in a few words, for the progress lines. */
    String describe();

    /** A few words after publishing, e.g. how many people entered; empty for none. */
    String publishedNote();

    /** The ground truth; called after the source is closed (the synthetic camera writes it). */
    GroundTruth truth() throws IOException;
}
