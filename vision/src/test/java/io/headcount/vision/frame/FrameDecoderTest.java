package io.headcount.vision.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.vision.frame.FrameRejectedException.Reason;
import io.headcount.vision.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static Path face;
    private static byte[] jpeg;
    private final FrameDecoder decoder = new FrameDecoder();

    @BeforeAll
    static void loadFace() {
        face = TestImages.adultFaces(1).get(0);
        jpeg = TestImages.bytes(face);
    }

    @Test
    void decodesARealJpegIntoBlueGreenRedBytes() throws Exception {
        BgrImage image = decoder.decode(jpeg, 200, 200);

        assertThat(image.width()).isEqualTo(200);
        assertThat(image.height()).isEqualTo(200);
        // The slow reference path: ImageIO's own ARGB view of the same JPEG.
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(jpeg));
        for (int[] point : new int[][] {{0, 0}, {57, 13}, {100, 100}, {199, 199}, {150, 30}}) {
            int rgb = reference.getRGB(point[0], point[1]);
            assertThat(image.sample(point[0], point[1], 0))
                    .as("blue at %s", Arrays.toString(point))
                    .isEqualTo(rgb & 0xFF);
            assertThat(image.sample(point[0], point[1], 1))
                    .as("green")
                    .isEqualTo((rgb >> 8) & 0xFF);
            assertThat(image.sample(point[0], point[1], 2)).as("red").isEqualTo((rgb >> 16) & 0xFF);
        }
    }

    @Test
    void givesEveryByteImageIoGivesOnRealFacesAndACameraSizedFrame() throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        for (Path file : TestImages.adultFaces(8)) {
            jpegs.add(TestImages.bytes(file));
        }
        // A 1280x720 frame with real faces pasted in, as the bench and cameras send.
        BgrImage frame = TestImages.greyFrame(1280, 720);
        int x = 0;
        for (Path file : TestImages.adultFaces(5)) {
            frame = TestImages.paste(frame, TestImages.read(file), 40 + x, 300);
            x += 240;
        }
        jpegs.add(TestImages.jpeg(frame));

        for (byte[] bytes : jpegs) {
            assertThat(JpegMarkers.mayHaveIccProfile(bytes)).isFalse();
            BufferedImage reference = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(reference.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
            byte[] expected =
                    ((java.awt.image.DataBufferByte) reference.getRaster().getDataBuffer())
                            .getData();

            BgrImage image = decoder.decode(bytes);

            assertThat(image.width()).isEqualTo(reference.getWidth());
            assertThat(image.pixels()).isEqualTo(expected);
        }
    }

    @Test
    void convertsAJpegWithAnIccProfileAsImageIoDoes() throws Exception {
        BgrImage face = TestImages.read(TestImages.adultFaces(1).get(0));
        // A linear-RGB image: ImageIO embeds its ICC profile, and reading converts from it.
        BufferedImage linear =
                new java.awt.image.ColorConvertOp(
                                java.awt.color.ColorSpace.getInstance(
                                        java.awt.color.ColorSpace.CS_LINEAR_RGB),
                                null)
                        .filter(
                                ImageIO.read(new ByteArrayInputStream(TestImages.jpeg(face))),
                                null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(linear, "jpeg", out)).isTrue();
        byte[] profiled = out.toByteArray();
        assertThat(JpegMarkers.mayHaveIccProfile(profiled)).isTrue();

        BgrImage image = decoder.decode(profiled);

        assertThat(image.pixels())
                .isEqualTo(
                        FrameDecoder.toBgr(ImageIO.read(new ByteArrayInputStream(profiled)))
                                .pixels());
    }

    @Test
    void expandsGreyscaleJpegsToThreeEqualChannels() throws Exception {
        BufferedImage grey = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 32; y++) {
                grey.getRaster().setSample(x, y, 0, x * 4);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "jpeg", out);

        BgrImage image = decoder.decode(out.toByteArray(), 64, 32);

        for (int x = 0; x < 64; x += 9) {
            int blue = image.sample(x, 10, 0);
            assertThat(image.sample(x, 10, 1)).isEqualTo(blue);
            assertThat(image.sample(x, 10, 2)).isEqualTo(blue);
            assertThat(blue).isCloseTo(x * 4, org.assertj.core.data.Offset.offset(6));
        }
    }

    @Test
    void rejectsMissingBytesAsEmpty() {
        assertReason(() -> decoder.decode(new byte[0], 200, 200), Reason.EMPTY_JPEG);
        assertReason(() -> decoder.decode(null, 200, 200), Reason.EMPTY_JPEG);
    }

    @Test
    void rejectsRandomBytesAsNotJpeg() {
        byte[] random = new byte[5000];
        new Random(42).nextBytes(random);
        random[0] = 0x12;
        assertReason(() -> decoder.decode(random, 200, 200), Reason.NOT_JPEG);
    }

    @Test
    void rejectsAPngAsNotJpeg() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(face.toFile()), "png", png);
        assertReason(() -> decoder.decode(png.toByteArray(), 200, 200), Reason.NOT_JPEG);
    }

    @Test
    void rejectsATruncatedJpegAsCorrupt() {
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertReason(() -> decoder.decode(half, 200, 200), Reason.CORRUPT_JPEG);
    }

    @Test
    void rejectsAJpegCutInsideItsHeaderAsCorrupt() {
        byte[] header = Arrays.copyOf(jpeg, 40);
        assertReason(() -> decoder.decode(header, 200, 200), Reason.CORRUPT_JPEG);
    }

    @Test
    void rejectsGarbageAfterAJpegMarkerAsCorrupt() {
        byte[] garbage = new byte[5000];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        assertReason(() -> decoder.decode(garbage, 200, 200), Reason.CORRUPT_JPEG);
    }

    @Test
    void rejectsDamagedScanDataAsCorrupt() {
        byte[] damaged = jpeg.clone();
        Random random = new Random(3);
        // Overwrite the second half of the entropy-coded data with noise, keeping the end marker.
        for (int i = damaged.length / 2; i < damaged.length - 2; i++) {
            damaged[i] = (byte) random.nextInt(256);
        }
        assertReason(() -> decoder.decode(damaged, 200, 200), Reason.CORRUPT_JPEG);
    }

    @Test
    void rejectsASizeOtherThanDeclared() {
        assertReason(() -> decoder.decode(jpeg, 640, 480), Reason.DIMENSION_MISMATCH);
        assertReason(() -> decoder.decode(jpeg, 200, 199), Reason.DIMENSION_MISMATCH);
    }

    @Test
    void rejectsFramesAboveTheMaximumBeforeDecodingThem() {
        FrameDecoder small = new FrameDecoder(200 * 200 - 1);
        assertReason(() -> small.decode(jpeg, 200, 200), Reason.FRAME_TOO_LARGE);
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximum() throws Exception {
        assertThat(new FrameDecoder(200 * 200).decode(jpeg, 200, 200).width()).isEqualTo(200);
    }

    private static void assertReason(ThrowingDecode decode, Reason reason) {
        assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(
                        FrameRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @FunctionalInterface
    private interface ThrowingDecode {
        void run() throws Exception;
    }
}
