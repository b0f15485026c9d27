package io.headcount.vision.attributes;

import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.List;

/** Frames with masked and unmasked real faces, for the tests of the mask head's input. */
public final class MaskScenes {

    private MaskScenes() {}

    /** Two real masked crops and two UTKFace adults side by side on a grey frame. */
    public static BgrImage maskedAndUnmaskedFaces() {
        List<Path> masked = FaceDescriberTest.maskedCrops(4);
        List<BgrImage> faces =
                List.of(
                        TestImages.read(masked.get(1)),
                        TestImages.read(TestImages.adultFaces(2).get(0)),
                        TestImages.read(masked.get(3)),
                        TestImages.read(TestImages.adultFaces(2).get(1)));
        int margin = 40;
        int width = margin;
        int height = 0;
        for (BgrImage face : faces) {
            width += face.width() + margin;
            height = Math.max(height, face.height() + 2 * margin);
        }
        BgrImage frame = TestImages.greyFrame(width, height);
        int x = margin;
        for (BgrImage face : faces) {
            frame = TestImages.paste(frame, face, x, margin);
            x += face.width() + margin;
        }
        return frame;
    }
}
