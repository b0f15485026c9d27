package io.headcount.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two shared clips decoded by FFmpeg: frame counts, sizes and timestamps. */
class VideoFileSourceTest {

    static final String ARCADE = "video/facenet_pytorch_video.mp4"; // 1920x1080, 25 fps, 105 frames
    static final String STAGE =
            "video/face_recognition_short_hamilton_clip.mp4"; // 640x360, 29.97 fps, 275 frames
    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir Path temp;

    @Test
    void everyFrameAtTheNativeRateWithTheVideosTimestamps() {
        List<SourceFrame> frames =
                readAll(TestImages.data(ARCADE), VideoOptions.of(START).withFramesPerSecond(25));

        assertThat(frames).hasSize(105);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).captureTime())
                    .as("frame %d", i)
                    .isEqualTo(START.plusMillis(40L * i));
        }
        SourceFrame first = frames.get(0);
        assertThat(first.width()).isEqualTo(1920);
        assertThat(first.height()).isEqualTo(1080);
        BufferedImage image = TestImages.decode(first.jpeg());
        assertThat(image.getWidth()).isEqualTo(1920);
        assertThat(JpegMarkers.isBaseline(first.jpeg())).isTrue();
    }

    @Test
    void anNtscClipKeepsAllFramesAtItsOwnRateAndIsDownscaled() {
        try (VideoFileSource source =
                VideoFileSource.open(
                        TestImages.data(STAGE), VideoOptions.of(START).withMaxSide(320))) {
            assertThat(source.nativeFramesPerSecond())
                    .isCloseTo(29.97, org.assertj.core.data.Offset.offset(0.01));
            assertThat(source.totalFrames().orElseThrow())
                    .isBetween(275L, 300L); // an estimate from the duration
            List<SourceFrame> frames = drain(source);
            assertThat(frames).hasSize(275);
            assertThat(frames)
                    .allSatisfy(
                            f -> {
                                assertThat(f.width()).isEqualTo(320);
                                assertThat(f.height()).isEqualTo(180);
                            });
            // The clip's video starts 0.852 s into the file; then 274 frames of 1001/30000 s.
            Instant first = frames.get(0).captureTime();
            assertThat(first).isBetween(START.plusMillis(851), START.plusMillis(853));
            assertThat(java.time.Duration.between(first, frames.get(274).captureTime()).toMillis())
                    .isBetween(9141L, 9143L);
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).captureTime()).isAfter(frames.get(i - 1).captureTime());
            }
        }
    }

    @Test
    void aLowerRateKeepsOneFramePerSlot() {
        List<SourceFrame> tenFps =
                readAll(
                        TestImages.data(ARCADE),
                        VideoOptions.of(START).withFramesPerSecond(10).withMaxSide(640));
        List<SourceFrame> fiveFps =
                readAll(TestImages.data(STAGE), VideoOptions.of(START).withFramesPerSecond(5));

        // 4.2 s: slots at 0, 100, ... 4100 ms; each takes the first frame at or after it.
        assertThat(tenFps).hasSize(42);
        for (int k = 0; k < tenFps.size(); k++) {
            long millis = tenFps.get(k).captureTime().toEpochMilli() - START.toEpochMilli();
            assertThat(millis).as("slot %d", k).isBetween(100L * k, 100L * k + 39);
        }
        assertThat(tenFps.get(0).width()).isEqualTo(640);
        assertThat(tenFps.get(0).height()).isEqualTo(360);
        // Video from 0.852 s to 9.994 s at 5 fps: slots 1000, 1200, ... 9800 ms and the first
        // frame.
        assertThat(fiveFps).hasSize(46);
    }

    @Test
    void aLoopGoesOnInTimeAfterTheLastFrame() {
        try (VideoFileSource source =
                VideoFileSource.open(
                        TestImages.data(ARCADE),
                        VideoOptions.of(START)
                                .withFramesPerSecond(5)
                                .withMaxSide(320)
                                .withLoop(true))) {
            assertThat(source.totalFrames()).isEmpty();
            List<SourceFrame> frames = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                frames.add(source.next().orElseThrow());
            }
            // 21 per pass (0..4000 ms); the second pass starts 4.2 s later.
            assertThat(frames.get(21).captureTime()).isEqualTo(START.plusMillis(4200));
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).captureTime()).isAfter(frames.get(i - 1).captureTime());
            }
        }
    }

    @Test
    void aMissingOrCorruptFileIsUnavailable() throws Exception {
        Path corrupt = temp.resolve("corrupt.mp4");
        byte[] head = Files.readAllBytes(TestImages.data(ARCADE));
        Files.write(corrupt, java.util.Arrays.copyOf(head, 2_000)); // header only, no media data
        Path garbage = temp.resolve("garbage.mp4");
        Files.writeString(garbage, "not a video at all");

        assertThatThrownBy(
                        () ->
                                VideoFileSource.open(
                                        temp.resolve("missing.mp4"), VideoOptions.of(START)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("missing.mp4");
        assertThatThrownBy(() -> VideoFileSource.open(garbage, VideoOptions.of(START)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("garbage.mp4");
        assertThatThrownBy(() -> readAll(corrupt, VideoOptions.of(START)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("corrupt.mp4");
    }

    static List<SourceFrame> readAll(Path file, VideoOptions options) {
        try (VideoFileSource source = VideoFileSource.open(file, options)) {
            return drain(source);
        }
    }

    static List<SourceFrame> drain(FrameSource source) {
        List<SourceFrame> frames = new ArrayList<>();
        for (Optional<SourceFrame> f = source.next(); f.isPresent(); f = source.next()) {
            frames.add(f.get());
        }
        return frames;
    }
}
