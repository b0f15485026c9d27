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
        // Whole factors along x (2, 4, 1: the fast path) and not (427, 2560 and 97 rows).
        int[][] sizes = {{640, 480}, {320, 240}, {1280, 360}, {427, 240}, {frame.width() * 2, 97}};
        for (int[] size : sizes) {
            FrameResize resize = new FrameResize(size[0], size[1]);
            assertThat(resize.apply(frame)).isEqualTo(referenceResize(frame, size[0], size[1]));
        }
        // An odd factor: 1920 to 640 samples every third pixel.
        BgrImage fullHd = realFrame(1920, 1080);
        assertThat(new FrameResize(640, 480).apply(fullHd))
                .isEqualTo(referenceResize(fullHd, 640, 480));
    }

    @Test
    void letterboxByWholeFactorsEqualsPerPixelBilinear() {
        // 1280x720 and 1920x1080 to 640x360 (factors 2 and 3), 2560x1440 (4), and 1000x560 (no
        // whole factor: the general path, as a check of the reference itself).
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}, {2560, 1440}, {1000, 560}}) {
            BgrImage frame = realFrame(size[0], size[1]);
            LetterboxTensor tensor = new Letterbox(640).apply(frame);
            assertThat(tensor.data())
                    .as("%dx%d", size[0], size[1])
                    .isEqualTo(referenceLetterbox(frame, tensor));
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

    /** Real faces on a 1280x720 frame (not square, edges with content). */
    private static BgrImage realFrame() {
        return realFrame(1280, 720);
    }

    /**
     * Real faces on a frame of this size whose background is noise, so that every pixel of a
     * sample's neighbourhood weighs in.
     */
    private static BgrImage realFrame(int width, int height) {
        List<Path> faces = TestImages.adultFaces(6);
        byte[] noise = new byte[3 * width * height];
        new Random(width).nextBytes(noise);
        BgrImage frame = new BgrImage(width, height, noise);
        for (int i = 0; i < faces.size(); i++) {
            BgrImage face = TestImages.read(faces.get(i));
            int x = i == 0 ? 0 : Math.min(width - face.width(), i * width / 6);
            int y = i % 2 == 0 ? 0 : height - face.height();
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

    /**
     * The letterbox's bilinear arithmetic per pixel ({@code a + (b - a) * t} along x, then y), the
     * padding zero.
     */
    private static float[] referenceLetterbox(BgrImage frame, LetterboxTensor tensor) {
        float[] data = new float[tensor.data().length];
        int plane = tensor.width() * tensor.height();
        float ratioX = (float) frame.width() / tensor.contentWidth();
        float ratioY = (float) frame.height() / tensor.contentHeight();
        byte[] pixels = frame.pixels();
        for (int y = 0; y < tensor.contentHeight(); y++) {
            float sy = Math.max(0, Math.min(frame.height() - 1, (y + 0.5f) * ratioY - 0.5f));
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, frame.height() - 1);
            float wy = sy - y0;
            for (int x = 0; x < tensor.contentWidth(); x++) {
                float sx = Math.max(0, Math.min(frame.width() - 1, (x + 0.5f) * ratioX - 0.5f));
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, frame.width() - 1);
                float wx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    float a = pixels[(y0 * frame.width() + x0) * 3 + c] & 0xFF;
                    float b = pixels[(y0 * frame.width() + x1) * 3 + c] & 0xFF;
                    float d = pixels[(y1 * frame.width() + x0) * 3 + c] & 0xFF;
                    float e = pixels[(y1 * frame.width() + x1) * 3 + c] & 0xFF;
                    float upper = a + (b - a) * wx;
                    float lower = d + (e - d) * wx;
                    data[c * plane + y * tensor.width() + x] = upper + (lower - upper) * wy;
                }
            }
        }
        return data;
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
