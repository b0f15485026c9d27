package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headcount.vision.detect.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UltraFace mask3cls decoding on hand-built tensors. */
class MaskDecoderTest {

    private final MaskDecoder decoder = new MaskDecoder(0.5f, 0.3f, 0.3f);

    @Test
    void keepsConfidentFacesOfBothClassesInFramePixelsAndSuppressesOverlaps() {
        float[] scores = {
            0.9f, 0.05f, 0.05f, // background
            0.1f, 0.8f, 0.1f, // face at the left
            0.05f, 0.1f, 0.85f, // masked face at the right
            0.2f, 0.1f, 0.7f, // weaker masked box on top of the right one: suppressed
            0.4f, 0.3f, 0.3f, // nobody above 0.5
        };
        float[] boxes = {
            0, 0, 1, 1, 0.1f, 0.2f, 0.3f, 0.6f, 0.6f, 0.2f, 0.8f, 0.6f, 0.61f, 0.21f, 0.81f, 0.61f,
            0.4f, 0.4f, 0.5f, 0.5f,
        };

        List<MaskDetection> found = decoder.decode(scores, boxes, 640, 480);

        assertThat(found).hasSize(2);
        MaskDetection masked = found.get(0);
        assertThat(masked.masked()).isEqualTo(0.85f);
        assertThat(masked.box().x()).isCloseTo(384f, within(1e-3f));
        assertThat(masked.box().y()).isCloseTo(96f, within(1e-3f));
        assertThat(masked.box().width()).isCloseTo(128f, within(1e-3f));
        assertThat(masked.box().height()).isCloseTo(192f, within(1e-3f));
        assertThat(masked.maskedShare()).isCloseTo(0.85f / 0.95f, within(1e-6f));
        assertThat(found.get(1).face()).isEqualTo(0.8f);
    }

    @Test
    void aFaceTakesTheMaskShareOfItsBestOverlapAndNullWithoutOne() {
        List<MaskDetection> detections =
                List.of(
                        new MaskDetection(new FaceBox(100, 100, 50, 50), 0.1f, 0.9f),
                        new MaskDetection(new FaceBox(300, 100, 50, 50), 0.9f, 0.05f));

        assertThat(decoder.maskedProbability(detections, new FaceBox(105, 102, 48, 52)))
                .isCloseTo(0.9f, within(1e-6f));
        assertThat(decoder.maskedProbability(detections, new FaceBox(298, 98, 55, 55)))
                .isCloseTo(0.05f / 0.95f, within(1e-6f));
        // Touches the first box only a little: IoU well under 0.3.
        assertThat(decoder.maskedProbability(detections, new FaceBox(140, 140, 50, 50))).isNull();
        assertThat(decoder.maskedProbability(List.of(), new FaceBox(0, 0, 10, 10))).isNull();
    }
}
