package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.FaceObservation;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class ToObservationsFunctionTest {

    private static final Map<String, String> VERSIONS = Map.of("detector", "yunet-n@104ee26c71d5");

    private final ToObservationsFunction function = new ToObservationsFunction("default", VERSIONS);

    @Test
    void emitsOneObservationPerFaceWithBoxScoreAndSizeOnly() throws Exception {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 42, 1_700_000_000_123L);
        DetectedFace wide = new DetectedFace(new FaceBox(10, 20, 80, 60), 0.91f, landmarks(10));
        DetectedFace tall = new DetectedFace(new FaceBox(300, 40, 30, 50), 0.72f, landmarks(300));
        DetectedFrame frame =
                new DetectedFrame(
                        info, BgrImage.filled(640, 360, 1, 2, 3), new DetectedFace[] {wide, tall});

        List<FaceObservation> observations = new ArrayList<>();
        function.flatMap(frame, new ListCollector<>(observations));

        assertThat(observations).hasSize(2);
        FaceObservation first = observations.get(0);
        assertThat(first.getSite()).isEqualTo("store-1");
        assertThat(first.getCamera()).isEqualTo("cam-1");
        assertThat(first.getFrameTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(first.getFrameSequence()).isEqualTo(42);
        assertThat(first.getFacesInFrame()).isEqualTo(2);
        assertThat(first.getTrackId()).isNull();
        assertThat(first.getBox().getX()).isEqualTo(10f);
        assertThat(first.getBox().getY()).isEqualTo(20f);
        assertThat(first.getBox().getWidth()).isEqualTo(80f);
        assertThat(first.getBox().getHeight()).isEqualTo(60f);
        assertThat(first.getDetectionScore()).isEqualTo(0.91f);
        assertThat(first.getQuality().getFaceSize()).isEqualTo(60f);
        assertThat(first.getQuality().getSharpness()).isNull();
        assertThat(first.getQuality().getYaw()).isNull();
        assertThat(first.getAttributes().getFemale()).isNull();
        assertThat(first.getAttributes().getAgeGroups()).isNull();
        assertThat(first.getAttributes().getMasked()).isNull();
        assertThat(first.getAttributes().getExpressions()).isNull();
        assertThat(first.getModelSet()).isEqualTo("default");
        assertThat(first.getModelVersions()).isEqualTo(VERSIONS);
        assertThat(observations.get(1).getQuality().getFaceSize()).isEqualTo(30f);
        assertThat(observations.get(1).getDetectionScore()).isEqualTo(0.72f);
    }

    @Test
    void carriesQualityAndLabelledAttributesOfUsableFacesOnly() throws Exception {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 7, 0L);
        DetectedFace good = new DetectedFace(new FaceBox(10, 20, 80, 60), 0.91f, landmarks(10));
        DetectedFace small = new DetectedFace(new FaceBox(300, 40, 12, 14), 0.72f, landmarks(300));
        float[] ages = {0, 0.1f, 0.6f, 0.3f, 0, 0, 0};
        float[] expressions = {0.5f, 0.5f};
        FaceDescription goodDescription =
                new FaceDescription(60, 120f, -5f, true, 0.8f, ages, 0.1f, expressions);
        FaceDescription smallDescription =
                new FaceDescription(12, 30f, 2f, false, null, null, null, null);
        DetectedFrame frame =
                new DetectedFrame(
                        info,
                        null,
                        new DetectedFace[] {good, small},
                        new FaceDescription[] {goodDescription, smallDescription});
        List<FaceObservation> observations = new ArrayList<>();

        new ToObservationsFunction("default-1", VERSIONS, List.of("neutral", "happy"))
                .flatMap(frame, new ListCollector<>(observations));

        FaceObservation first = observations.get(0);
        assertThat(first.getQuality().getSharpness()).isEqualTo(120f);
        assertThat(first.getQuality().getYaw()).isEqualTo(-5f);
        assertThat(first.getAttributes().getFemale()).isEqualTo(0.8f);
        assertThat(first.getAttributes().getMasked()).isEqualTo(0.1f);
        assertThat(first.getAttributes().getAgeGroups()).containsEntry("20-29", 0.6f).hasSize(7);
        assertThat(first.getAttributes().getExpressions()).containsOnlyKeys("neutral", "happy");
        FaceObservation second = observations.get(1);
        assertThat(second.getQuality().getSharpness()).isEqualTo(30f);
        assertThat(second.getAttributes().getFemale()).isNull();
        assertThat(second.getAttributes().getAgeGroups()).isNull();
    }

    @Test
    void carriesEachFacesTrackIdOnceTracked() throws Exception {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 600L);
        DetectedFace first = new DetectedFace(new FaceBox(10, 20, 80, 60), 0.91f, landmarks(10));
        DetectedFace second = new DetectedFace(new FaceBox(300, 40, 30, 50), 0.72f, landmarks(300));
        DetectedFrame frame =
                new DetectedFrame(info, null, new DetectedFace[] {first, second}, null)
                        .tracked(new String[] {"0123456789abcdef", null});
        List<FaceObservation> observations = new ArrayList<>();

        function.flatMap(frame, new ListCollector<>(observations));

        assertThat(observations)
                .extracting(FaceObservation::getTrackId)
                .containsExactly("0123456789abcdef", null);
    }

    @Test
    void carriesNoPixelsOrLandmarks() throws Exception {
        // The contract itself has no field for them; this guards against one being added here.
        assertThat(FaceObservation.getClassSchema().getFields())
                .extracting(field -> field.name())
                .doesNotContain("landmarks", "pixels", "crop", "embedding", "jpeg");
    }

    @Test
    void emitsNothingForAFrameWithoutFaces() throws Exception {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 1, 0L);
        List<FaceObservation> observations = new ArrayList<>();

        function.flatMap(
                new DetectedFrame(info, BgrImage.filled(32, 32, 0, 0, 0), new DetectedFace[0]),
                new ListCollector<>(observations));

        assertThat(observations).isEmpty();
    }

    private static float[] landmarks(float x) {
        float[] points = new float[10];
        for (int i = 0; i < 10; i++) {
            points[i] = x + i;
        }
        return points;
    }
}
