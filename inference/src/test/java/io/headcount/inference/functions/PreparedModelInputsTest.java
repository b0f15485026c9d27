package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.ModelInputs;
import io.headcount.inference.testing.TestFrames;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.DescribeBudgetSettings;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.attributes.MaskScenes;
import io.headcount.vision.attributes.SexAgeHead;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetDetector;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.testing.TestImages;
import io.headcount.vision.track.TrackerSettings;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The detector's letterbox and the mask detector's findings made on the decoding thread ({@link
 * ModelInputPreparation}) travel with the frame to {@code detect-faces} and {@code describe-faces}
 * and give exactly what those stages compute when they make them themselves.
 */
class PreparedModelInputsTest {

    private static final ModelManifest MANIFEST = ModelManifest.defaults();

    private final String models =
            SharedAssets.model(MANIFEST.model(MaskHead.ROLE).spec().fileName())
                    .getParent()
                    .toString();
    private final DetectorSettings detector = DetectorSettings.yunet(models);
    private final AttributeSettings attributes = AttributeSettings.defaults(MANIFEST, models);

    @Test
    void inputsPreparedWhileDecodingGiveTheSameFacesAndDescriptionsAsInputsMadeByTheModels()
            throws Exception {
        DecodedFrame prepared = decode(ModelInputPreparation.of(detector, attributes));
        BgrImage image = prepared.image();
        assertThat(prepared.prepared().detector().data())
                .isEqualTo(YuNetDetector.letterboxFor(detector).apply(image).data());
        FrameMasks emptyScene;
        try (MaskHead maskHead = MaskHead.open(MANIFEST.model(MaskHead.ROLE), attributes)) {
            assertThat(prepared.prepared().masks().asList())
                    .isEqualTo(maskHead.detect(image).asList());
            emptyScene = maskHead.detect(TestImages.greyFrame(image.width(), image.height()));
        }
        DecodedFrame plain = decode(ModelInputPreparation.NONE);
        assertThat(plain.prepared()).isEqualTo(ModelInputs.NONE);
        assertThat(plain.image()).isEqualTo(image);

        DetectedFrame detectedAhead = detect(prepared);
        DetectedFrame detectedHere = detect(plain);
        assertThat(detectedAhead.faces()).hasSize(4).containsExactly(detectedHere.faces());
        // The harness copies records between operators (the job chains them without a copy).
        assertThat(detectedAhead.masks())
                .usingRecursiveComparison()
                .isEqualTo(prepared.prepared().masks());
        assertThat(detectedHere.masks()).isNull();

        DetectedFrame describedAhead = describe(detectedAhead);
        DetectedFrame describedHere = describe(detectedHere);
        assertThat(describedAhead.image()).isNull();
        assertThat(describedAhead.masks()).as("dropped with the pixels").isNull();
        assertThat(describedAhead.descriptions())
                .usingRecursiveComparison()
                .isEqualTo(describedHere.descriptions());
        // The mask head takes the findings that came with the frame: those of an empty scene leave
        // every face without a mask probability.
        DetectedFrame withEmptyScene =
                new DetectedFrame(
                        detectedHere.frame(), image, emptyScene, detectedHere.faces(), null, null);
        assertThat(describe(withEmptyScene).descriptions())
                .allSatisfy(face -> assertThat(face.masked()).isNull());
        assertThat(describedAhead.descriptions())
                .filteredOn(FaceDescription::usable)
                .hasSize(4)
                .anySatisfy(face -> assertThat(face.masked()).isGreaterThan(0.5f))
                .anySatisfy(face -> assertThat(face.masked()).isLessThan(0.5f));
    }

    @Test
    void withoutTheMaskHeadOnlyTheLetterboxIsPrepared() {
        ModelInputPreparation preparation =
                ModelInputPreparation.of(detector, attributes.withHeads(List.of(SexAgeHead.ROLE)));
        assertThat(preparation.maskSettings()).isNull();
        try (ModelInputPreparation.Preparer preparer = preparation.open()) {
            ModelInputs inputs =
                    preparer.prepare("store-1", "cam-1", TestImages.greyFrame(640, 360));
            assertThat(inputs.detector()).isNotNull();
            assertThat(inputs.masks()).isNull();
        }
    }

    @Test
    void aFaceArrivingInAnEmptySceneGetsTheSameMaskAnswerFromDescribeFaces() throws Exception {
        BgrImage faces = MaskScenes.maskedAndUnmaskedFaces();
        FrameDecoding decoding = opened(ModelInputPreparation.of(detector, attributes));
        DecodedFrame leftOut;
        try {
            DecodedFrame empty =
                    decode(decoding, 1, TestImages.greyFrame(faces.width(), faces.height()));
            assertThat(empty.prepared().masks().detections()).isEmpty();
            leftOut = decode(decoding, 2, faces);
        } finally {
            decoding.close();
        }
        assertThat(leftOut.prepared().masks()).as("the scene was empty: not run ahead").isNull();
        assertThat(leftOut.prepared().detector()).isNotNull();

        DetectedFrame describedHere = describe(detect(leftOut));
        DetectedFrame describedAhead =
                describe(detect(decode(ModelInputPreparation.of(detector, attributes))));
        assertThat(describedHere.descriptions())
                .usingRecursiveComparison()
                .isEqualTo(describedAhead.descriptions());
        assertThat(describedHere.descriptions())
                .filteredOn(FaceDescription::usable)
                .anySatisfy(face -> assertThat(face.masked()).isGreaterThan(0.5f));
    }

    /** A frame of two real masked crops and two UTKFace adults, decoded as prepare-frame does. */
    private static DecodedFrame decode(ModelInputPreparation preparation) {
        FrameDecoding decoding = opened(preparation);
        try {
            return decode(decoding, 1, MaskScenes.maskedAndUnmaskedFaces());
        } finally {
            decoding.close();
        }
    }

    private static FrameDecoding opened(ModelInputPreparation preparation) {
        return new FrameDecoding(
                        FrameDecoder.DEFAULT_MAX_PIXELS,
                        CaptureTimeRule.defaults(),
                        CameraRateLimit.defaults(),
                        preparation)
                .open();
    }

    private static DecodedFrame decode(FrameDecoding decoding, long sequence, BgrImage frame) {
        byte[] value =
                TestFrames.encode(
                        TestFrames.event(
                                "cam-1",
                                sequence,
                                TestImages.jpeg(frame),
                                frame.width(),
                                frame.height()));
        DecodeAttempt attempt = decoding.attempt(TestFrames.record(sequence, "cam-1", value));
        assertThat(attempt.refused()).as(attempt.detail()).isFalse();
        return attempt.decoded();
    }

    private DetectedFrame detect(DecodedFrame frame) throws Exception {
        DetectFacesFunction shipped =
                InstantiationUtil.clone(
                        new DetectFacesFunction(detector), getClass().getClassLoader());
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(shipped))) {
            harness.open();
            harness.processElement(frame, 1000L);
            return harness.extractOutputValues().get(0);
        }
    }

    private DetectedFrame describe(DetectedFrame frame) throws Exception {
        // No budget: these faces have no track, and every one should be described.
        DescribeFacesFunction shipped =
                InstantiationUtil.clone(
                        new DescribeFacesFunction(
                                attributes,
                                DescribeBudgetSettings.off(),
                                TrackerSettings.DEFAULT_MAX_LOST_MILLIS),
                        getClass().getClassLoader());
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(shipped),
                        each -> each.frame().camera(),
                        Types.STRING)) {
            harness.open();
            harness.processElement(frame, 1000L);
            return harness.extractOutputValues().get(0);
        }
    }
}
