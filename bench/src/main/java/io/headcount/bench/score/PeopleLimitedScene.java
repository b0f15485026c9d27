package io.headcount.bench.score;

import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.SourceFrame;
import io.headcount.ingest.source.synthetic.SyntheticCameraSource;
import io.headcount.ingest.source.synthetic.SyntheticFrame;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The synthetic camera until {@code people} persons have entered and the last of them has left the
 * frame: its last frame is that person's last visible one. The synthetic camera has no such limit
 * of its own (it ends after a number of frames), and a frame count would cut people off in the
 * middle of the frame. Persons who entered after the {@code people}th are still in view at the end;
 * the camera writes them to the ground truth with their last frame, so they are scored as what they
 * are: short visits.
 */
final class PeopleLimitedScene implements FrameSource {

    private final SyntheticCameraSource camera;
    private final int people;
    private final long maxFrames;
    private long delivered;

    PeopleLimitedScene(SyntheticCameraSource camera, int people, long maxFrames) {
        this.camera = camera;
        this.people = people;
        this.maxFrames = maxFrames;
    }

    @Override
    public Optional<SourceFrame> next() {
        if (delivered >= maxFrames || lastPersonHasLeft()) {
            return Optional.empty();
        }
        Optional<SyntheticFrame> frame = camera.nextFrame();
        delivered++;
        return frame.map(camera::encode);
    }

    /** Frames delivered so far. */
    long delivered() {
        return delivered;
    }

    /** Persons who entered so far. */
    int entered() {
        return camera.people().size();
    }

    private boolean lastPersonHasLeft() {
        if (camera.people().size() < people) {
            return false;
        }
        // Ids are 0, 1, 2... in order of entering; the last wanted person is people - 1.
        return camera.outOfView(camera.people().get(people - 1), delivered);
    }

    @Override
    public long skipped() {
        return 0;
    }

    @Override
    public OptionalLong totalFrames() {
        return OptionalLong.empty();
    }

    @Override
    public String describe() {
        return camera.describe() + " until " + people + " people have passed";
    }

    @Override
    public void close() {
        camera.close();
    }
}
