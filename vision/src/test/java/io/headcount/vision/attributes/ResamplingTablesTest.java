package io.headcount.vision.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.detect.Letterbox;
import io.headcount.vision.detect.LetterboxTensor;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FaceCrop} and {@link FrameResize} precompute their source offsets and weights per row and
 * column; their output must stay bit-identical to sampling every pixel with {@link Bilinear}.
 */
class ResamplingTablesTest {

    @Test
    void cropsEqualPerPixelSamplingInsideAndAcrossTheFrameEdges() {
        BgrImage frame = realFrame();
        Random random = new Random(7);
        for (float scale : new float[] {1.0f, 1.2f, 2.0f}) {
            FaceCrop crop = new FaceCrop(112, scale);
            for (int n = 0; n < 40; n++) {
                // Boxes anywhere, some half outside the frame, fractional positions and sizes.
                float w = 8 + random.nextFloat() * 150;
                float h = 8 + random.nextFloat() * 150;
                float x = -w / 2 + random.nextFloat() * frame.width();
                float y = -h / 2 + random.nextFloat() * frame.height();
                FaceBox box = new FaceBox(x, y, w, h);
                float[] fast = new float[2 * crop.floatsPerFace()];
                crop.write(frame, box, fast, 1);
                assertThat(fast).isEqualTo(referenceCrop(frame, box, crop.size(), scale));
            }
        }
    }

    @Test
    void frameResizeEqualsPerPixelClampedSampling() {
        BgrImage frame = realFrame();
        for (int[] size : new int[][] {{640, 480}, {320, 240}, {frame.width() * 2, 97}}) {
            FrameResize resize = new FrameResize(size[0], size[1]);
            assertThat(resize.apply(frame)).isEqualTo(referenceResize(frame, size[0], size[1]));
        }
    }

    @Test
    void reusedTensorBuffersGiveTheSameTensorsAsNewOnes() {
        BgrImage frame = realFrame();
        // A 16:9 frame letterboxes with bottom padding, which a dirty buffer must not keep.
        Letterbox letterbox = new Letterbox(640);
        LetterboxTensor fresh = letterbox.apply(frame);
        float[] dirty = new float[fresh.data().length];
        java.util.Arrays.fill(dirty, Float.NaN);
        LetterboxTensor reused = letterbox.apply(frame, dirty);
        assertThat(reused.data()).isSameAs(dirty).isEqualTo(fresh.data());
        assertThat(letterbox.apply(frame, new float[7]).data()).isEqualTo(fresh.data());

        FrameResize resize = new FrameResize(640, 480);
        float[] expected = resize.apply(frame);
        float[] buffer = new float[expected.length];
        java.util.Arrays.fill(buffer, Float.NaN);
        assertThat(resize.apply(frame, buffer)).isSameAs(buffer).isEqualTo(expected);
    }

    /** Real faces pasted on a grey 1280x720 frame (not square, edges with content). */
    private static BgrImage realFrame() {
        List<Path> faces = TestImages.adultFaces(6);
        BgrImage frame = TestImages.greyFrame(1280, 720);
        for (int i = 0; i < faces.size(); i++) {
            BgrImage face = TestImages.read(faces.get(i));
            int x = i == 0 ? 0 : Math.min(1280 - face.width(), i * 230);
            int y = i % 2 == 0 ? 0 : 720 - face.height();
            frame = TestImages.paste(frame, face, x, y);
        }
        return frame;
    }

    /** The former per-pixel crop: {@link Bilinear#sample} for every pixel and channel. */
    private static float[] referenceCrop(BgrImage frame, FaceBox box, int size, float scale) {
        float side = scale * Math.max(box.width(), box.height());
        float left = box.x() + box.width() / 2 - side / 2;
        float top = box.y() + box.height() / 2 - side / 2;
        float step = side / size;
        int plane = size * size;
        float[] batch = new float[2 * 3 * plane];
        int offset = 3 * plane;
        for (int ty = 0; ty < size; ty++) {
            float sy = top + (ty + 0.5f) * step - 0.5f;
            for (int tx = 0; tx < size; tx++) {
                float sx = left + (tx + 0.5f) * step - 0.5f;
                int target = offset + ty * size + tx;
                batch[target] = Bilinear.sample(frame, sx, sy, 2);
                batch[target + plane] = Bilinear.sample(frame, sx, sy, 1);
                batch[target + 2 * plane] = Bilinear.sample(frame, sx, sy, 0);
            }
        }
        return batch;
    }

    /** The former per-pixel resize: {@link Bilinear#sampleClamped} for every pixel. */
    private static float[] referenceResize(BgrImage frame, int width, int height) {
        float[] tensor = new float[3 * width * height];
        int plane = width * height;
        float scaleX = (float) frame.width() / width;
        float scaleY = (float) frame.height() / height;
        for (int ty = 0; ty < height; ty++) {
            float sy = (ty + 0.5f) * scaleY - 0.5f;
            for (int tx = 0; tx < width; tx++) {
                float sx = (tx + 0.5f) * scaleX - 0.5f;
                int i = ty * width + tx;
                tensor[i] = (Bilinear.sampleClamped(frame, sx, sy, 2) - 127f) / 128f;
                tensor[i + plane] = (Bilinear.sampleClamped(frame, sx, sy, 1) - 127f) / 128f;
                tensor[i + 2 * plane] = (Bilinear.sampleClamped(frame, sx, sy, 0) - 127f) / 128f;
            }
        }
        return tensor;
    }
}
