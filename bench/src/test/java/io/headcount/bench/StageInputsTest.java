package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.bench.jmh.HotPathBenchmarks;
import io.headcount.bench.jmh.ModelStageBenchmarks;
import io.headcount.bench.jmh.StageInputs;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.track.ByteTracker;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JMH benchmarks' setup and one call of each benchmark, on small frames: what they time must be
 * the real work on real faces (JMH itself does not run in the build).
 */
class StageInputsTest {

    private static StageInputs inputs;

    @BeforeAll
    static void setUp() throws Exception {
        SharedAssets.data(BenchFrames.FACE_MANIFEST);
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        inputs = new StageInputs();
        inputs.width = 480;
        inputs.height = 270;
        inputs.faces = 2;
        inputs.frames = 4;
        inputs.setUp();
    }

    @Test
    void framesCarryRealFacesTheDetectorFinds() {
        assertThat(inputs.jpegs).hasSize(4);
        assertThat(inputs.images)
                .allSatisfy(
                        image -> {
                            assertThat(image.width()).isEqualTo(480);
                            assertThat(image.height()).isEqualTo(270);
                        });
        int drawn = inputs.jpegs.stream().mapToInt(BenchFrame::faces).sum();
        int found = inputs.detections.stream().mapToInt(faces -> faces.length).sum();
        assertThat(drawn).isPositive();
        // Faces entering or leaving are cut by the frame's edge and may be missed; most are found.
        assertThat(found).isBetween((drawn + 1) / 2, drawn);
        assertThat(inputs.trackerInput)
                .extracting(frame -> frame.detections().length)
                .containsExactlyElementsOf(
                        inputs.detections.stream().map(faces -> faces.length).toList());
    }

    @Test
    void eachHotPathBenchmarkDoesItsStage() throws Exception {
        HotPathBenchmarks hotPath = new HotPathBenchmarks();
        hotPath.setUp();
        BgrImage decoded = hotPath.jpegDecode(inputs);
        assertThat(decoded.width()).isEqualTo(480);

        LetterboxTensor tensor = hotPath.letterboxAndTensorFill(inputs);
        assertThat(tensor.width() % Letterbox.ALIGNMENT).isZero();
        assertThat(tensor.data()).hasSize(3 * tensor.width() * tensor.height());

        int next = peekNext();
        List<DetectedFace> decodedFaces = hotPath.yunetDecodeAndNms(inputs);
        assertThat(decodedFaces).hasSize(inputs.detections.get(next).length);

        next = peekNext();
        float[] crops = hotPath.cropAndResize(inputs);
        assertThat(crops).hasSize(inputs.detections.get(next).length * 3 * 112 * 112);
    }

    @Test
    void eachModelStageBenchmarkDoesItsStage() {
        ModelStageBenchmarks stages = new ModelStageBenchmarks();
        stages.setUp(inputs);
        try {
            int next = peekNext();
            assertThat(stages.detectStage(inputs)).containsExactly(inputs.detections.get(next));
            // The job's stage keeps at least the faces YuNet finds alone.
            next = peekNext();
            assertThat(stages.detectStageWithSecondOpinion(inputs))
                    .hasSizeGreaterThanOrEqualTo(inputs.detections.get(next).length);
            assertThat(inputs.masks).hasSize(inputs.images.size());
            // The batched stage: 4 consecutive frames in one run, each with its own faces.
            int first = peekNext();
            List<List<DetectedFace>> batched = stages.detectStageBatched(inputs);
            assertThat(batched).hasSize(ModelStageBenchmarks.BATCH);
            for (int i = 0; i < batched.size(); i++) {
                int frame = (first + i) % inputs.images.size();
                assertThat(batched.get(i)).hasSize(inputs.detections.get(frame).length);
            }
            next = peekNext();
            FaceDescription[] described = stages.attributeBatch(inputs);
            assertThat(described).hasSize(inputs.detections.get(next).length);
            assertThat(Arrays.stream(described).filter(FaceDescription::usable).count())
                    .as("faces of 30 px and more pass the quality thresholds")
                    .isPositive();
            for (int i = 0; i < inputs.frames; i++) {
                next = peekNext();
                ByteTracker.Result result = stages.trackerUpdate(inputs);
                assertThat(result.tracks().trackIds()).hasSize(inputs.detections.get(next).length);
            }
        } finally {
            stages.tearDown();
        }
    }

    /** The frame the next benchmark call will use, without taking it. */
    private static int peekNext() {
        int index = inputs.nextIndex();
        for (int i = 1; i < inputs.images.size(); i++) {
            inputs.nextIndex();
        }
        return index;
    }
}
