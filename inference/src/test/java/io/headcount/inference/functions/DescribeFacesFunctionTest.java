package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.quality.QualitySettings;
import io.headcount.vision.testing.TestImages;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DescribeFacesFunctionTest {

    private final String models =
            SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();

    @Test
    void describesEveryFaceDropsThePixelsAndLeavesSmallFacesWithoutAttributes() throws Exception {
        BgrImage frame = TestImages.greyFrame(640, 360);
        List<BgrImage> crops = TestImages.adultFaces(2).stream().map(TestImages::read).toList();
        frame = TestImages.paste(frame, crops.get(0), 50, 80);
        frame = TestImages.paste(frame, crops.get(1), 380, 100);
        DetectedFace[] faces;
        try (YuNetDetector detector = YuNetDetector.open(DetectorSettings.yunet(models))) {
            faces = detector.detect(frame).toArray(DetectedFace[]::new);
        }
        assertThat(faces).hasSize(2);
        // Raise the size threshold between the two faces: the smaller one gets no attributes.
        float smaller = Math.min(faces[0].box().shorterSide(), faces[1].box().shorterSide());
        AttributeSettings settings =
                AttributeSettings.defaults(ModelManifest.defaults(), models)
                        .withQuality(new QualitySettings(smaller + 0.5f, 0f, 90f));
        DescribeFacesFunction shipped =
                InstantiationUtil.clone(
                        new DescribeFacesFunction(settings), getClass().getClassLoader());
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);

        try (OneInputStreamOperatorTestHarness<DetectedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(shipped))) {
            harness.open();
            harness.processElement(new DetectedFrame(info, frame, faces), 1000L);
            FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 5, 1400L, true);
            harness.processElement(new DetectedFrame(end, null, new DetectedFace[0]), 1400L);

            List<DetectedFrame> described = harness.extractOutputValues();
            assertThat(described).hasSize(2);
            DetectedFrame first = described.get(0);
            assertThat(first.image()).as("pixels end here").isNull();
            assertThat(first.faces()).containsExactly(faces);
            for (int i = 0; i < faces.length; i++) {
                FaceDescription description = first.descriptions()[i];
                boolean large = faces[i].box().shorterSide() > smaller;
                assertThat(description.usable()).isEqualTo(large);
                assertThat(description.faceSize()).isEqualTo(faces[i].box().shorterSide());
                assertThat(description.sharpness()).isPositive();
                if (large) {
                    assertThat(description.female()).isNotNull();
                    assertThat(description.expressions()).hasSize(7);
                } else {
                    assertThat(description.female()).isNull();
                    assertThat(description.ageGroups()).isNull();
                    assertThat(description.masked()).isNull();
                    assertThat(description.expressions()).isNull();
                }
            }
            assertThat(described.get(1).descriptions()).isEmpty();
        }
        shipped.close();
    }
}
