package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mask detector run ahead of time (on the decoding thread) gives exactly what the head finds
 * itself, and the head answers from the findings that come with the batch, not from the frame.
 */
class MaskHeadTest {

    private static final ModelManifest MANIFEST = ModelManifest.defaults();
    private static final ModelEntry ENTRY = MANIFEST.model(MaskHead.ROLE);

    private static AttributeSettings settings;
    private static MaskHead head;

    @BeforeAll
    static void open() {
        Path models = SharedAssets.model(ENTRY.spec().fileName()).getParent();
        settings = AttributeSettings.defaults(MANIFEST, models.toString());
        head = MaskHead.open(ENTRY, settings);
    }

    @AfterAll
    static void close() {
        head.close();
    }

    @Test
    void theReusedTensorIsOverwrittenWholeSoEachFrameGivesItsOwnFindings() {
        BgrImage frame = MaskScenes.maskedAndUnmaskedFaces();
        float[] dirty = new float[3 * ENTRY.input().dimension(2) * ENTRY.input().dimension(3)];
        Arrays.fill(dirty, Float.NaN);
        assertThat(MaskHead.inputResize(ENTRY).apply(frame, dirty))
                .isEqualTo(MaskHead.inputResize(ENTRY).apply(frame));

        List<MaskDetection> first = head.detect(frame).asList();
        // The head resizes into its last frame's tensor: another frame in between.
        head.detect(TestImages.greyFrame(640, 360));
        assertThat(head.detect(frame).asList()).isEqualTo(first);
        assertThat(first).as("faces the mask detector finds").hasSizeGreaterThanOrEqualTo(2);
        assertThat(first)
                .as("masked faces found")
                .anySatisfy(detection -> assertThat(detection.maskedShare()).isGreaterThan(0.5f));
        assertThat(first)
                .as("unmasked faces found")
                .anySatisfy(detection -> assertThat(detection.maskedShare()).isLessThan(0.5f));
    }

    @Test
    void theHeadAnswersFromTheFindingsThatComeWithTheBatchAndReportsTheirModelTime() {
        BgrImage frame = MaskScenes.maskedAndUnmaskedFaces();
        FrameMasks own = head.detect(frame);
        List<FaceBox> faces = own.asList().stream().map(MaskDetection::box).toList();

        AttributeValues[] here = describe(new FaceBatch(frame, faces));
        AttributeValues[] ahead = describe(new FaceBatch(frame, own, faces));
        assertThat(head.lastModelNanos()).isEqualTo(own.modelNanos());
        assertThat(ahead).usingRecursiveComparison().isEqualTo(here);
        assertThat(ahead).allSatisfy(values -> assertThat(values.masked).isNotNull());

        FrameMasks emptyScene = head.detect(TestImages.greyFrame(frame.width(), frame.height()));
        assertThat(emptyScene.detections()).isEmpty();
        assertThat(describe(new FaceBatch(frame, emptyScene, faces)))
                .as("no mask detection to match: no mask probability")
                .allSatisfy(values -> assertThat(values.masked).isNull());
    }

    @Test
    void findingsAreCopiedSoTheRecordCannotChangeAfterwards() {
        MaskDetection detection = new MaskDetection(new FaceBox(1, 2, 3, 4), 0.2f, 0.7f);
        MaskDetection[] detections = {detection};
        FrameMasks masks = new FrameMasks(detections, 5);
        detections[0] = null;
        assertThat(masks.asList()).containsExactly(detection);
    }

    private static AttributeValues[] describe(FaceBatch batch) {
        AttributeValues[] values = new AttributeValues[batch.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = new AttributeValues();
        }
        head.describe(batch, values);
        return values;
    }
}
