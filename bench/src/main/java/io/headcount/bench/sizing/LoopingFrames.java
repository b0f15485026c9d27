package io.headcount.bench.sizing;

import io.headcount.bench.BenchFrame;
import io.headcount.ingest.source.FrameSource;
import io.headcount.ingest.source.SourceFrame;
import java.util.List;
import java.util.Optional;

/**
 * A camera source that cycles through frames encoded beforehand, starting at {@code offset}: the
 * sizing's cameras publish through the gateway's path without spending the node's cores on drawing
 * and encoding frames (a gateway runs elsewhere). Cameras given different offsets show different
 * frames at the same moment.
 */
final class LoopingFrames implements FrameSource {

    private final List<BenchFrame> frames;
    private long next;

    LoopingFrames(List<BenchFrame> frames, int offset) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to loop through");
        }
        this.frames = List.copyOf(frames);
        this.next = Math.floorMod(offset, frames.size());
    }

    @Override
    public Optional<SourceFrame> next() {
        BenchFrame frame = frames.get((int) (next++ % frames.size()));
        return Optional.of(
                new SourceFrame(
                        frame.jpeg(),
                        frame.width(),
                        frame.height(),
                        "bench frame " + frame.index()));
    }

    @Override
    public long skipped() {
        return 0;
    }

    @Override
    public String describe() {
        return "bench frames (" + frames.size() + ", looping)";
    }

    @Override
    public void close() {}
}
