package io.headcount.ingest.gateway;

import io.headcount.ingest.source.Backoff;
import java.time.Instant;
import java.util.Objects;

/**
 * One camera of a gateway.
 *
 * @param site site id
 * @param camera camera id (the record key)
 * @param source where its frames come from
 * @param fps frames per second: the sample rate of videos and streams, the spacing of a folder's
 *     and the synthetic camera's capture times, the pace of real-time sending
 * @param maxSide downscale frames whose longer side exceeds this; 0 for none
 * @param jpegQuality JPEG quality (0 to 1] when frames are (re-)encoded
 * @param loop start a finite source again at its end
 * @param realTime send at {@code fps} like a live camera (streams always are); false sends as fast
 *     as Kafka takes
 * @param start capture time of a finite source's first frame (a video's time 0); null for the
 *     gateway's start
 * @param maxFrames stop after this many frames; 0 for no limit
 * @param backoff how a failing source is retried
 */
public record CameraConfig(
        String site,
        String camera,
        SourceConfig source,
        double fps,
        int maxSide,
        float jpegQuality,
        boolean loop,
        boolean realTime,
        Instant start,
        long maxFrames,
        Backoff backoff) {

    public CameraConfig {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backoff, "backoff");
    }

    /** Whether the run ends by itself: a finite source that does not loop, or a frame limit. */
    public boolean finite() {
        return (source.finite() && !loop) || maxFrames > 0;
    }
}
