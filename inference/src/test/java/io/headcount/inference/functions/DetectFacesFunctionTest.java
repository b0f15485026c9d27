package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.inference.records.ModelInputs;
import io.headcount.inference.settings.JobOptions;
import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.MaskHead;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.settings.DetectorOptions;
import io.headcount.vision.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DetectFacesFunctionTest {

    private final DetectorSettings settings =
            DetectorSettings.yunet(
                    SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString());

    @Test
    void detectsFacesOnTheTaskAfterTheFunctionWasShippedThere() throws Exception {
        // Flink serializes the function to the task; the native session must be created only there.
        DetectFacesFunction shipped =
                InstantiationUtil.clone(
                        new DetectFacesFunction(settings), getClass().getClassLoader());
        BgrImage frame = TestImages.greyFrame(640, 360);
        List<BgrImage> crops = TestImages.adultFaces(2).stream().map(TestImages::read).toList();
        frame = TestImages.paste(frame, crops.get(0), 50, 80);
        frame = TestImages.paste(frame, crops.get(1), 380, 100);
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);

        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(shipped))) {
            harness.open();
            harness.processElement(new DecodedFrame(info, frame), 1000L);
            harness.processElement(new DecodedFrame(info, TestImages.greyFrame(320, 240)), 1200L);
            FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 5, 1400L, true);
            harness.processElement(DecodedFrame.endOfStream(end), 1400L);

            List<DetectedFrame> detected = harness.extractOutputValues();
            assertThat(detected).hasSize(3);
            assertThat(detected.get(0).faces()).hasSize(2);
            assertThat(detected.get(0).frame()).isEqualTo(info);
            assertThat(detected.get(1).faces()).isEmpty();
            // An end of stream has no image to run the model on: it passes with no faces.
            assertThat(detected.get(2).frame()).isEqualTo(end);
            assertThat(detected.get(2).faces()).isEmpty();
            assertThat(detected.get(2).image()).isNull();
        }
        // The harness closed the function; closing again must be harmless.
        shipped.close();
    }

    @Test
    void aMaskedFaceTheDetectorScoresLowIsFoundWhereTheMaskDetectorFoundItToo() throws Exception {
        // A real masked photo (rof_masked_dev), its longest side 120 px in a 720p frame: YuNet at
        // 640 px scores the face about 0.46, below its threshold of 0.6, and UltraFace mask3cls
        // finds it (together about 0.89).
        BgrImage frame = photoInFrame("masked-real/rof_masked_dev/naomi_osaka/000004.jpg", 120);
        FrameMasks masks = maskFindings(frame);
        MaskCorroboration corroboration = new MaskCorroboration(0.6f, 0.3f);
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);
        DecodedFrame decoded = new DecodedFrame(info, frame, new ModelInputs(null, masks));

        List<DetectedFrame> alone = detect(new DetectFacesFunction(settings), decoded);
        List<DetectedFrame> corroborated =
                detect(new DetectFacesFunction(settings, corroboration), decoded);
        List<DetectedFrame> lowButAlone =
                detect(
                        new DetectFacesFunction(settings, corroboration),
                        new DecodedFrame(info, frame));

        assertThat(alone.get(0).faces()).isEmpty();
        assertThat(lowButAlone.get(0).faces()).isEmpty();
        assertThat(corroborated.get(0).faces()).hasSize(1);
        DetectedFace face = corroborated.get(0).faces()[0];
        assertThat(face.score()).isGreaterThanOrEqualTo(0.6f);
        assertThat(masks.asList())
                .anySatisfy(m -> assertThat(m.box().iou(face.box())).isGreaterThan(0.3f));
        assertThat(face.box().x()).isBetween(500f, 620f);
    }

    @Test
    void aSmallMaskedFaceNeitherScoresHighEnoughForIsFoundByTheSearchAroundTheMaskFinding()
            throws Exception {
        // A real masked photo at 100 px: at 640 px YuNet scores it too low even for the second
        // opinion; searched at the frame's own size around the mask finding, it scores about 0.8.
        BgrImage frame = photoInFrame("masked-real/rof_masked_dev/naomi_osaka/000022.jpg", 100);
        FrameMasks masks = maskFindings(frame);
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 3, 1000L);
        DecodedFrame decoded = new DecodedFrame(info, frame, new ModelInputs(null, masks));
        MaskCorroboration withoutSearch =
                JobOptions.fromMap(Map.of(DetectorOptions.DETECTOR_SEARCH_REGIONS, "0"))
                        .maskCorroboration();
        // The job's default: the second opinion from 0.15, the low band and the search.
        MaskCorroboration withSearch = JobOptions.defaults().maskCorroboration();

        List<DetectedFrame> before =
                detect(new DetectFacesFunction(settings, withoutSearch), decoded);
        List<DetectedFrame> after = detect(new DetectFacesFunction(settings, withSearch), decoded);

        assertThat(before.get(0).faces()).allSatisfy(f -> assertThat(f.score()).isLessThan(0.6f));
        assertThat(after.get(0).faces()).hasSize(1);
        DetectedFace face = after.get(0).faces()[0];
        assertThat(face.score()).isGreaterThanOrEqualTo(0.6f);
        assertThat(face.box().x()).isBetween(500f, 600f);
        assertThat(face.box().y()).isBetween(300f, 400f);
    }

    @Test
    void aFaceFoundOnceIsLookedForAgainWhereItWasInTheCamerasNextFrames() throws Exception {
        // The same small masked face in three frames of cam-1 and one of cam-2. Only the first
        // frame comes with the mask detector's findings (the mask detector finds such a face on
        // few frames); the next frames of cam-1 find it where the frame before had it.
        BgrImage frame = photoInFrame("masked-real/rof_masked_dev/naomi_osaka/000022.jpg", 100);
        FrameMasks masks = maskFindings(frame);
        // The job's default: the second opinion from 0.15, the low band and the search.
        MaskCorroboration withSearch = JobOptions.defaults().maskCorroboration();
        List<DecodedFrame> frames =
                List.of(
                        new DecodedFrame(
                                new FrameInfo("store-1", "cam-1", "gw-1", 1, 1000L),
                                frame,
                                new ModelInputs(null, masks)),
                        new DecodedFrame(
                                new FrameInfo("store-1", "cam-1", "gw-1", 2, 1100L), frame),
                        new DecodedFrame(
                                new FrameInfo("store-1", "cam-2", "gw-2", 1, 1150L), frame),
                        new DecodedFrame(
                                new FrameInfo("store-1", "cam-1", "gw-1", 3, 1200L), frame));

        List<DetectedFrame> detected;
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(new DetectFacesFunction(settings, withSearch)))) {
            harness.open();
            for (DecodedFrame decoded : frames) {
                harness.processElement(decoded, decoded.frame().captureTime());
            }
            detected = harness.extractOutputValues();
        }

        assertThat(detected).extracting(d -> d.faces().length).containsExactly(1, 1, 0, 1);
        for (int i : new int[] {0, 1, 3}) {
            assertThat(detected.get(i).faces()[0].score()).isGreaterThanOrEqualTo(0.6f);
        }
    }

    private static List<DetectedFrame> detect(DetectFacesFunction function, DecodedFrame frame)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<DecodedFrame, DetectedFrame> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
            harness.open();
            harness.processElement(frame, 1000L);
            return harness.extractOutputValues();
        }
    }

    /** What the mask detector (on the decoding thread in the job) finds on {@code frame}. */
    private FrameMasks maskFindings(BgrImage frame) {
        ModelManifest manifest = ModelManifest.defaults();
        try (MaskHead maskHead =
                MaskHead.open(
                        manifest.model(MaskHead.ROLE),
                        AttributeSettings.defaults(manifest, settings.modelDirectory()))) {
            return maskHead.detect(frame);
        }
    }

    /** The photo at (500, 300) on a mid-grey 1280x720 frame, decoded from a JPEG. */
    private static BgrImage photoInFrame(String photo, int longestSide) throws Exception {
        BufferedImage frame =
                FaceScenes.photoInFrame(
                        ImageIO.read(SharedAssets.data(photo).toFile()),
                        longestSide,
                        1280,
                        720,
                        500,
                        300);
        byte[] pixels = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        // As a camera sends it: a JPEG.
        return new FrameDecoder().decode(TestImages.jpeg(new BgrImage(1280, 720, pixels)));
    }
}
