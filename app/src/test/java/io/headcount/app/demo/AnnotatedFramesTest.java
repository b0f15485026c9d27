package io.headcount.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The live view joins each frame with the pipeline's results for it, in bounded memory. */
class AnnotatedFramesTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final byte[] JPEG = jpeg();

    @Test
    void aFrameIsShownOnceItsProcessedRecordAndAllItsFacesArrived() {
        AnnotatedFrames frames = new AnnotatedFrames(0.9);
        frames.frame(frame("cam-1", 0));
        frames.frame(frame("cam-1", 1));
        frames.observation(face("cam-1", 0, "a", 0.99f));
        frames.processed(processed("cam-1", 0, 2));
        assertThat(frames.newest("site/cam-1"))
                .as("one of its two faces is still missing")
                .isEmpty();

        frames.observation(face("cam-1", 0, "b", 0.2f));
        AnnotatedFrames.View view = frames.newest("site/cam-1").orElseThrow();
        assertThat(view.sequence()).isZero();
        assertThat(view.jpeg()).isEqualTo(JPEG);
        assertThat(view.faces()).extracting(AnnotatedFrames.Face::track).containsExactly(1, 2);
        assertThat(frames.newestSent("site/cam-1")).isEqualTo(1);

        frames.processed(processed("cam-1", 1, 0));
        assertThat(frames.newest("site/cam-1").orElseThrow().sequence())
                .as("a frame without faces is complete at once")
                .isEqualTo(1);
        assertThat(frames.newest("site/cam-2")).isEmpty();
    }

    @Test
    void labelsAreTheTracksFusedAttributesAndUndeterminedBelowTheThreshold() {
        AnnotatedFrames frames = new AnnotatedFrames(0.9);
        frames.frame(frame("cam-1", 0));
        frames.observation(face("cam-1", 0, "sure", 0.99f));
        frames.observation(face("cam-1", 0, "unsure", 0.6f));
        frames.observation(untracked("cam-1", 0));
        frames.processed(processed("cam-1", 0, 3));

        List<AnnotatedFrames.Face> faces = frames.newest("site/cam-1").orElseThrow().faces();
        AnnotatedFrames.Face sure = faces.get(0);
        assertThat(sure.sex().value()).isEqualTo("female");
        assertThat(sure.sex().confidence()).isGreaterThanOrEqualTo(0.9f);
        assertThat(sure.mask().value()).isEqualTo("unmasked");
        assertThat(sure.ageGroup().value()).isEqualTo("25-34");
        AnnotatedFrames.Face unsure = faces.get(1);
        assertThat(unsure.sex().value()).isEqualTo("undetermined");
        assertThat(unsure.sex().confidence()).isBetween(0.5f, 0.9f);
        AnnotatedFrames.Face untracked = faces.get(2);
        assertThat(untracked.track()).isZero();
        assertThat(untracked.sex()).isEqualTo(new AnnotatedFrames.Label("undetermined", null));

        // The unsure track stays unsure however often it is seen (the aggregation's cap at two
        // impressions' worth of evidence), until sure impressions move its average.
        for (int sequence = 1; sequence <= 8; sequence++) {
            frames.frame(frame("cam-1", sequence));
            frames.observation(face("cam-1", sequence, "unsure", 0.6f));
            frames.processed(processed("cam-1", sequence, 1));
        }
        AnnotatedFrames.Face later = frames.newest("site/cam-1").orElseThrow().faces().get(0);
        assertThat(later.track()).isEqualTo(2);
        assertThat(later.sex().value()).isEqualTo("undetermined");
        for (int sequence = 9; sequence <= 24; sequence++) {
            frames.frame(frame("cam-1", sequence));
            frames.observation(face("cam-1", sequence, "unsure", 0.99f));
            frames.processed(processed("cam-1", sequence, 1));
        }
        AnnotatedFrames.Face surer = frames.newest("site/cam-1").orElseThrow().faces().get(0);
        assertThat(surer.sex().value()).isEqualTo("female");
    }

    @Test
    void whileThePipelineLagsTheFramesItIsAboutToFinishStay() {
        AnnotatedFrames frames = new AnnotatedFrames(0.9);
        int sent = AnnotatedFrames.MAX_FRAMES + 30;
        for (int sequence = 0; sequence < sent; sequence++) {
            frames.frame(frame("cam-1", sequence));
        }
        assertThat(frames.newestSent("site/cam-1")).isEqualTo(sent - 1);
        frames.observation(face("cam-1", 0, "a", 0.99f));
        frames.processed(processed("cam-1", 0, 1));
        assertThat(frames.newest("site/cam-1").orElseThrow().sequence()).isZero();

        frames.processed(processed("cam-1", sent - 1, 0));
        assertThat(frames.newest("site/cam-1").orElseThrow().sequence())
                .as("a frame sent while the cache was full was not kept")
                .isZero();
        frames.processed(processed("cam-1", AnnotatedFrames.MAX_FRAMES - 1, 0));
        assertThat(frames.newest("site/cam-1").orElseThrow().sequence())
                .isEqualTo(AnnotatedFrames.MAX_FRAMES - 1);

        // The frames before the newest complete one are gone: there is room again.
        frames.frame(frame("cam-1", sent));
        frames.processed(processed("cam-1", sent, 0));
        assertThat(frames.newest("site/cam-1").orElseThrow().sequence()).isEqualTo(sent);
    }

    static FrameEvent frame(String camera, long sequence) {
        return FrameEvent.newBuilder()
                .setSite("site")
                .setCamera(camera)
                .setGateway("test")
                .setSequence(sequence)
                .setCaptureTime(START.plusMillis(250 * sequence))
                .setWidth(64)
                .setHeight(48)
                .setJpeg(ByteBuffer.wrap(JPEG))
                .build();
    }

    static FrameProcessed processed(String camera, long sequence, int faces) {
        return FrameProcessed.newBuilder()
                .setSite("site")
                .setCamera(camera)
                .setFrameTime(START.plusMillis(250 * sequence))
                .setFrameSequence(sequence)
                .setFaces(faces)
                .setModelSet("test")
                .build();
    }

    /** A face of {@code track} with P(female) = {@code female}, unmasked, aged 25-34. */
    static FaceObservation face(String camera, long sequence, String track, float female) {
        return observation(camera, sequence, track)
                .setAttributes(
                        AttributeProbabilities.newBuilder()
                                .setFemale(female)
                                .setMasked(0.01f)
                                .setAgeGroups(Map.of("25-34", 0.97f, "35-44", 0.03f))
                                .build())
                .build();
    }

    private static FaceObservation untracked(String camera, long sequence) {
        return observation(camera, sequence, null)
                .setAttributes(AttributeProbabilities.newBuilder().setFemale(0.99f).build())
                .build();
    }

    private static FaceObservation.Builder observation(String camera, long sequence, String track) {
        return FaceObservation.newBuilder()
                .setSite("site")
                .setCamera(camera)
                .setFrameTime(START.plusMillis(250 * sequence))
                .setFrameSequence(sequence)
                .setFacesInFrame(1)
                .setTrackId(track)
                .setBox(Box.newBuilder().setX(4).setY(6).setWidth(20).setHeight(24).build())
                .setDetectionScore(0.9f)
                .setQuality(
                        FaceQuality.newBuilder()
                                .setFaceSize(80)
                                .setSharpness(200f)
                                .setYaw(0f)
                                .build())
                .setModelSet("test")
                .setModelVersions(Map.of("detector", "1"));
    }

    private static byte[] jpeg() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
