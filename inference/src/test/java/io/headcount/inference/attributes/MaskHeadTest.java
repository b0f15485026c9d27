package io.headcount.inference.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.frame.BgrImage;
import io.headcount.inference.models.ModelEntry;
import io.headcount.inference.models.ModelManifest;
import io.headcount.inference.testing.TestImages;
import io.headcount.testkit.SharedAssets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mask head on a frame resized ahead of time (on the decoding thread, {@link
 * MaskHead#inputResize}) must see exactly the tensor it makes itself, and so find exactly the same
 * faces with the same probabilities.
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
    void aFrameResizedAheadIsTheHeadsOwnTensorBitForBitAndGivesTheSameDetections() {
        BgrImage frame = MaskScenes.maskedAndUnmaskedFaces();
        ResizedFrame prepared = MaskHead.inputResize(settings).resize(frame);

        // The head resizes into its last frame's tensor: make that one dirty first.
        head.detect(TestImages.greyFrame(640, 360));
        float[] dirty = new float[prepared.data().length];
        Arrays.fill(dirty, Float.NaN);
        assertThat(prepared.data())
                .isEqualTo(MaskHead.inputResize(ENTRY).apply(frame, dirty))
                .isEqualTo(MaskHead.inputResize(ENTRY).apply(frame));
        assertThat(prepared.width()).isEqualTo(ENTRY.input().dimension(3));
        assertThat(prepared.height()).isEqualTo(ENTRY.input().dimension(2));

        List<MaskDetection> own = head.detect(frame);
        List<MaskDetection> ahead = head.detect(frame, prepared);
        assertThat(ahead).isEqualTo(own);
        assertThat(own).as("faces the mask detector finds").hasSizeGreaterThanOrEqualTo(2);
        assertThat(own)
                .as("masked faces found")
                .anySatisfy(detection -> assertThat(detection.maskedShare()).isGreaterThan(0.5f));
        assertThat(own)
                .as("unmasked faces found")
                .anySatisfy(detection -> assertThat(detection.maskedShare()).isLessThan(0.5f));
    }

    @Test
    void theModelSeesThePreparedTensorNotTheFrame() {
        BgrImage frame = MaskScenes.maskedAndUnmaskedFaces();
        ResizedFrame emptyScene =
                MaskHead.inputResize(settings)
                        .resize(TestImages.greyFrame(frame.width(), frame.height()));

        assertThat(head.detect(frame)).isNotEmpty();
        assertThat(head.detect(frame, emptyScene)).isEmpty();
    }

    @Test
    void aFrameResizedToAnotherSizeIsNotUsed() {
        BgrImage frame = MaskScenes.maskedAndUnmaskedFaces();
        ResizedFrame other = new FrameResize(320, 240).resize(frame);
        ResizedFrame swapped =
                new ResizedFrame(
                        MaskHead.inputResize(ENTRY).apply(frame),
                        ENTRY.input().dimension(2),
                        ENTRY.input().dimension(3));

        List<MaskDetection> own = head.detect(frame);
        assertThat(head.detect(frame, other)).isEqualTo(own);
        assertThat(head.detect(frame, swapped)).isEqualTo(own);
    }

    @Test
    void nothingIsResizedAheadForSettingsWithoutTheMaskHead() {
        assertThat(MaskHead.inputResize(settings.withHeads(List.of(SexAgeHead.ROLE)))).isNull();
    }
}
