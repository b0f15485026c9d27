package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.settings.FaceAnalysisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCvYuNetTest {

    @TempDir Path work;

    @Test
    void aMissingPythonIsReportedNotThrown() throws Exception {
        Path models = SharedAssets.model("det_yunet_n_640x640.onnx").getParent();
        OpenCvYuNet.Outcome outcome =
                new OpenCvYuNet(work.resolve("no-python").toString(), models)
                        .run(frames(1), 640, 1, 0.6f, 0.3f, 1);
        assertThat(outcome.available()).isFalse();
        assertThat(outcome.unavailableReason()).contains("no Python at");
        assertThat(outcome.number("detect_ms_mean")).isNull();
    }

    @Test
    void aSideWithoutFixedFileIsReported() throws Exception {
        Path models = SharedAssets.model("det_yunet_n_640x640.onnx").getParent();
        OpenCvYuNet.Outcome outcome =
                OpenCvYuNet.fromEnvironment(models).run(frames(1), 960, 1, 0.6f, 0.3f, 1);
        assertThat(outcome.available()).isFalse();
        assertThat(outcome.unavailableReason()).contains("960");
    }

    @Test
    void openCvFindsTheFacesOnTheSameFramesWhereInstalled() throws Exception {
        Path models = SharedAssets.model("det_yunet_n_640x640.onnx").getParent();
        List<BenchFrame> frames = frames(3);
        OpenCvYuNet.Outcome outcome =
                OpenCvYuNet.fromEnvironment(models).run(frames, 640, 1, 0.6f, 0.3f, 1);
        assumeTrue(
                outcome.available(), () -> "OpenCV not installed: " + outcome.unavailableReason());
        assertThat(outcome.number("frames")).isEqualTo(3.0);
        assertThat(outcome.number("detect_ms_mean")).isPositive();
        // The same model on the same frames: the job's detector finds the same faces, give or
        // take one cut by the frame's edge.
        int ours;
        try (YuNetDetector detector =
                YuNetDetector.open(FaceAnalysisOptions.defaults().detector())) {
            ours = DetectionTiming.measure(detector, BenchFrames.decode(frames), 0, 1).faces();
        }
        assertThat(ours).isPositive();
        assertThat(outcome.number("faces")).isBetween(ours - 1.0, ours + 1.0);
    }

    @Test
    void readsTheNumbersOfTheScriptsJson() {
        assertThat(
                        OpenCvYuNet.numbers(
                                "{\"opencv_version\": \"4.6.0\", \"frames\": 20, \"detect_ms_mean\": 29.8, \"x\": 1e-3}"))
                .containsEntry("frames", 20.0)
                .containsEntry("detect_ms_mean", 29.8)
                .containsEntry("x", 0.001)
                .doesNotContainKey("opencv_version");
        assertThat(Files.exists(work)).isTrue();
    }

    private static List<BenchFrame> frames(int count) throws Exception {
        return BenchFrames.synthetic(
                SharedAssets.data(BenchFrames.FACE_MANIFEST), 640, 360, 2, count, 3);
    }
}
