package io.headcount.inference.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.testing.FlinkPojos;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskDetection;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.frame.BgrImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The frames between the operators, with the model inputs prepared on the decoding thread, keep
 * Flink serializers of their own (no Kryo: the job disables generic types), and the mask detector's
 * findings are dropped with the pixels before {@code DetectedFrame} crosses the network.
 */
class FrameRecordTypesTest {

    private static final FrameInfo INFO = new FrameInfo("store-1", "cam-1", "gw-1", 7, 1_000L);
    private static final BgrImage IMAGE = BgrImage.filled(64, 48, 10, 20, 30);
    private static final FrameMasks MASKS =
            new FrameMasks(
                    new MaskDetection[] {new MaskDetection(new FaceBox(3, 4, 20, 22), 0.1f, 0.8f)},
                    6_000_000L);

    @Test
    void aDecodedFrameWithPreparedInputsIsAPojoAndSurvivesARoundTrip() throws IOException {
        ModelInputs inputs = new ModelInputs(new Letterbox(64).apply(IMAGE), MASKS);
        DecodedFrame frame = new DecodedFrame(INFO, IMAGE, inputs);

        DecodedFrame copy = FlinkPojos.roundTrip(DecodedFrame.class, frame);

        assertThat(copy).usingRecursiveComparison().isEqualTo(frame);
        assertThat(new DecodedFrame(INFO, IMAGE).prepared()).isEqualTo(ModelInputs.NONE);
        assertThat(new DecodedFrame(INFO, IMAGE, null).prepared()).isEqualTo(ModelInputs.NONE);
    }

    @Test
    void theMaskFindingsAreDroppedWithThePixelsBeforeTheKeyByAndLeftOutOfEquality()
            throws IOException {
        DetectedFace face = new DetectedFace(new FaceBox(4, 5, 20, 24), 0.9f, new float[10]);
        DetectedFrame detected =
                new DetectedFrame(INFO, IMAGE, MASKS, new DetectedFace[] {face}, null, null);
        FaceDescription description =
                new FaceDescription(20f, 3f, 1f, false, null, null, null, null);

        DetectedFrame described = detected.described(new FaceDescription[] {description});

        assertThat(described.image()).isNull();
        assertThat(described.masks()).isNull();
        assertThat(FlinkPojos.roundTrip(DetectedFrame.class, described)).isEqualTo(described);
        // Made from the image: two frames with the same pixels are equal, prepared or not.
        assertThat(detected).isEqualTo(new DetectedFrame(INFO, IMAGE, new DetectedFace[] {face}));
        assertThat(detected.hashCode())
                .isEqualTo(new DetectedFrame(INFO, IMAGE, new DetectedFace[] {face}).hashCode());
    }
}
