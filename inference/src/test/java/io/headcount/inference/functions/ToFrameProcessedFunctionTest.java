package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class ToFrameProcessedFunctionTest {

    private final ToFrameProcessedFunction function = new ToFrameProcessedFunction("default");

    @Test
    void countsTheSameFacesAsTheObservationsOfTheFrame() throws Exception {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 42, 1_700_000_000_123L);
        DetectedFace[] faces = {
            new DetectedFace(new FaceBox(10, 20, 80, 60), 0.91f, new float[10]),
            new DetectedFace(new FaceBox(300, 40, 30, 50), 0.72f, new float[10])
        };
        DetectedFrame detected = new DetectedFrame(info, BgrImage.filled(640, 360, 1, 2, 3), faces);
        List<FaceObservation> observations = new ArrayList<>();
        new ToObservationsFunction("default", Map.of("detector", "yunet"))
                .flatMap(detected, new ListCollector<>(observations));

        FrameProcessed processed = function.map(detected);

        assertThat(processed.getFaces()).isEqualTo(observations.size()).isEqualTo(2);
        assertThat(processed.getSite()).isEqualTo("store-1");
        assertThat(processed.getCamera()).isEqualTo("cam-1");
        assertThat(processed.getFrameSequence()).isEqualTo(42);
        assertThat(processed.getFrameTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(processed.getEndOfStream()).isFalse();
        assertThat(processed.getModelSet()).isEqualTo("default");
    }

    @Test
    void reportsAFrameWithoutFacesAndAnEndOfStream() throws Exception {
        FrameInfo empty = new FrameInfo("store-1", "cam-1", "gw-1", 1, 1000L);
        FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 2, 1200L, true);

        FrameProcessed none =
                function.map(
                        new DetectedFrame(
                                empty, BgrImage.filled(32, 32, 0, 0, 0), new DetectedFace[0]));
        FrameProcessed last = function.map(new DetectedFrame(end, null, new DetectedFace[0]));

        assertThat(none.getFaces()).isZero();
        assertThat(none.getEndOfStream()).isFalse();
        assertThat(last.getFaces()).isZero();
        assertThat(last.getEndOfStream()).isTrue();
        assertThat(last.getFrameTime()).isEqualTo(Instant.ofEpochMilli(1200L));
    }
}
