package io.headcount.ingest.source;

import static io.headcount.ingest.TestImages.BASELINE_FACE;
import static io.headcount.ingest.TestImages.PROGRESSIVE_FACE;
import static io.headcount.ingest.TestImages.RGBA_PNG;
import static io.headcount.ingest.TestImages.TALL_PHOTO;
import static io.headcount.ingest.TestImages.WIDE_PHOTO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    @TempDir Path folder;

    @Test
    void framesComeInFileNameOrderAndOtherFilesAreIgnored() throws IOException {
        List<Path> faces = TestImages.faces(5);
        // Written in another order than their names sort in.
        String[] names = {"c.jpg", "a.JPG", "e.jpeg", "b.jpg", "d.jpg"};
        for (int i = 0; i < names.length; i++) {
            TestImages.copy(faces.get(i), folder, names[i]);
        }
        Files.writeString(folder.resolve("manifest.csv"), "file\n");
        Files.writeString(folder.resolve("notes.txt"), "not a frame");
        TestImages.copy(faces.get(0), folder, ".hidden.jpg");
        Files.createDirectory(folder.resolve("0-sub.jpg"));

        List<SourceFrame> frames =
                readAll(ImageFolderSource.open(folder, ImageFolderOptions.defaults()));

        assertThat(frames)
                .extracting(f -> Path.of(f.origin()).getFileName().toString())
                .containsExactly("a.JPG", "b.jpg", "c.jpg", "d.jpg", "e.jpeg");
        assertThat(frames)
                .allSatisfy(f -> assertThat(TestImages.decode(f.jpeg()).getWidth()).isEqualTo(200));
    }

    @Test
    void loopStartsAgainFromTheFirstFileWithTheSameFrames() throws IOException {
        List<Path> faces = TestImages.faces(3);
        for (int i = 0; i < faces.size(); i++) {
            TestImages.copy(faces.get(i), folder, "f" + i + ".jpg");
        }
        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults().withLoop(true))) {
            List<SourceFrame> frames = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                frames.add(source.next().orElseThrow());
            }

            assertThat(frames)
                    .extracting(f -> Path.of(f.origin()).getFileName().toString())
                    .containsExactly(
                            "f0.jpg", "f1.jpg", "f2.jpg", "f0.jpg", "f1.jpg", "f2.jpg", "f0.jpg");
            assertThat(frames.get(3).jpeg()).isEqualTo(frames.get(0).jpeg());
            assertThat(frames.get(6).jpeg()).isEqualTo(frames.get(0).jpeg());
        }
    }

    @Test
    void withoutLoopTheSourceEndsAfterTheLastFile() throws IOException {
        TestImages.copy(TestImages.data(BASELINE_FACE), folder, "only.jpg");
        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults())) {
            assertThat(source.next()).isPresent();
            assertThat(source.next()).isEmpty();
            assertThat(source.next()).isEmpty();
        }
    }

    @Test
    void aBaselineJpegThatFitsIsSentByteForByte() throws IOException {
        byte[] original = TestImages.bytes(BASELINE_FACE);
        TestImages.copy(TestImages.data(BASELINE_FACE), folder, "face.jpg");

        // maxSide above the image's size: no resizing, so no re-encoding either.
        SourceFrame frame = single(ImageFolderOptions.defaults().withMaxSide(640));

        assertThat(frame.jpeg()).isEqualTo(original);
        assertThat(frame.width()).isEqualTo(200);
        assertThat(frame.height()).isEqualTo(200);
    }

    @Test
    void aProgressiveJpegIsReencodedAsBaselineAtTheSameSize() throws IOException {
        byte[] original = TestImages.bytes(PROGRESSIVE_FACE);
        assertThat(JpegMarkers.isBaseline(original)).as("test data is progressive").isFalse();
        TestImages.copy(TestImages.data(PROGRESSIVE_FACE), folder, "face.jpg");

        SourceFrame frame = single(ImageFolderOptions.defaults());

        assertThat(JpegMarkers.isBaseline(frame.jpeg())).isTrue();
        BufferedImage sent = TestImages.decode(frame.jpeg());
        assertThat(sent.getWidth()).isEqualTo(200).isEqualTo(frame.width());
        assertThat(sent.getHeight()).isEqualTo(200).isEqualTo(frame.height());
        assertThat(TestImages.meanAbsoluteDifference(sent, TestImages.decode(original)))
                .isLessThan(4.0);
    }

    @Test
    void resizingKeepsTheAspectRatioOfWideAndTallImages() throws IOException {
        TestImages.copy(TestImages.data(WIDE_PHOTO), folder, "1-wide.jpg");
        TestImages.copy(TestImages.data(TALL_PHOTO), folder, "2-tall.jpg");
        TestImages.copy(TestImages.data(BASELINE_FACE), folder, "3-small.jpg");

        List<SourceFrame> frames =
                readAll(
                        ImageFolderSource.open(
                                folder, ImageFolderOptions.defaults().withMaxSide(512)));

        // 1023x731 -> 512 x round(731 * 512 / 1023); 623x1042 -> round(623 * 512 / 1042) x 512.
        assertThat(frames).extracting(SourceFrame::width).containsExactly(512, 306, 200);
        assertThat(frames).extracting(SourceFrame::height).containsExactly(366, 512, 200);
        for (SourceFrame frame : frames) {
            BufferedImage sent = TestImages.decode(frame.jpeg());
            assertThat(sent.getWidth()).isEqualTo(frame.width());
            assertThat(sent.getHeight()).isEqualTo(frame.height());
            assertThat(JpegMarkers.isBaseline(frame.jpeg())).isTrue();
        }
        // Downscale only: the small face is not enlarged, and goes as it is.
        assertThat(frames.get(2).jpeg()).isEqualTo(TestImages.bytes(BASELINE_FACE));
    }

    @Test
    void resizedPixelsMatchTheOriginalScene() throws IOException {
        TestImages.copy(TestImages.data(WIDE_PHOTO), folder, "wide.jpg");
        BufferedImage original = TestImages.decode(TestImages.bytes(WIDE_PHOTO));

        SourceFrame frame = single(ImageFolderOptions.defaults().withMaxSide(512));

        // Compare with a plain smooth downscale of the original; a shifted or squashed image
        // differs a lot.
        BufferedImage expected =
                new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        expected.getGraphics()
                .drawImage(
                        original.getScaledInstance(
                                frame.width(), frame.height(), java.awt.Image.SCALE_AREA_AVERAGING),
                        0,
                        0,
                        null);
        assertThat(TestImages.meanAbsoluteDifference(TestImages.decode(frame.jpeg()), expected))
                .isLessThan(6.0);
    }

    @Test
    void pngsAreSentAsJpegs() throws IOException {
        TestImages.copy(TestImages.data(RGBA_PNG), folder, "1-mask.png");
        // A real face saved as PNG: its JPEG must look like the face.
        BufferedImage face = TestImages.decode(TestImages.bytes(BASELINE_FACE));
        TestImages.write(folder.resolve("2-face.png"), TestImages.encode(face, "png"));

        List<SourceFrame> frames =
                readAll(ImageFolderSource.open(folder, ImageFolderOptions.defaults()));

        assertThat(frames).hasSize(2);
        assertThat(frames).allSatisfy(f -> assertThat(JpegMarkers.isBaseline(f.jpeg())).isTrue());
        assertThat(frames.get(0).width()).isEqualTo(764);
        assertThat(frames.get(0).height()).isEqualTo(642);
        BufferedImage mask = TestImages.decode(frames.get(0).jpeg());
        assertThat(mask.getWidth()).isEqualTo(764);
        assertThat(mask.getHeight()).isEqualTo(642);
        assertThat(TestImages.meanAbsoluteDifference(TestImages.decode(frames.get(1).jpeg()), face))
                .isLessThan(4.0);
    }

    @Test
    void lowerQualityGivesSmallerReencodedFrames() throws IOException {
        BufferedImage face = TestImages.decode(TestImages.bytes(BASELINE_FACE));
        TestImages.write(folder.resolve("face.png"), TestImages.encode(face, "png"));

        SourceFrame good = single(ImageFolderOptions.defaults().withJpegQuality(0.95f));
        SourceFrame poor = single(ImageFolderOptions.defaults().withJpegQuality(0.3f));

        assertThat(poor.jpeg().length).isLessThan(good.jpeg().length / 2);
    }

    @Test
    void unreadableFilesAreSkippedAndCountedWhileTheOthersAreRead() throws IOException {
        List<Path> faces = TestImages.faces(4);
        for (int i = 0; i < faces.size(); i++) {
            TestImages.copy(faces.get(i), folder, "f" + (2 * i) + ".jpg"); // f0, f2, f4, f6
        }
        TestImages.truncatedJpeg(folder, "f1.jpg");
        byte[] garbage = new byte[5000];
        new Random(1).nextBytes(garbage);
        TestImages.write(folder.resolve("f3.png"), garbage);
        TestImages.write(folder.resolve("f5.jpg"), new byte[0]);

        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults())) {
            List<SourceFrame> frames = readAll(source);

            assertThat(frames)
                    .extracting(f -> Path.of(f.origin()).getFileName().toString())
                    .containsExactly("f0.jpg", "f2.jpg", "f4.jpg", "f6.jpg");
            assertThat(source.skipped()).isEqualTo(3);
            for (int i = 0; i < faces.size(); i++) {
                byte[] original = Files.readAllBytes(faces.get(i));
                BufferedImage sent = TestImages.decode(frames.get(i).jpeg());
                assertThat(TestImages.meanAbsoluteDifference(sent, TestImages.decode(original)))
                        .as("frame %d shows file %s", i, faces.get(i))
                        .isLessThan(4.0);
                if (JpegMarkers.isBaseline(original)) {
                    assertThat(Arrays.equals(frames.get(i).jpeg(), original))
                            .as("baseline %s sent as is", faces.get(i))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void aLoopOverAFolderWithoutReadableImagesEnds() throws IOException {
        TestImages.truncatedJpeg(folder, "broken.jpg");
        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults().withLoop(true))) {
            assertThat(source.next()).isEmpty();
            assertThat(source.skipped()).isEqualTo(1);
        }
    }

    @Test
    void anEmptyFolderHasNoFrames() throws IOException {
        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults().withLoop(true))) {
            assertThat(source.next()).isEmpty();
            assertThat(source.skipped()).isZero();
        }
    }

    @Test
    void aMissingFolderIsRefusedAtOpen() {
        assertThatThrownBy(
                        () ->
                                ImageFolderSource.open(
                                        folder.resolve("missing"), ImageFolderOptions.defaults()))
                .isInstanceOf(NotDirectoryException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void nextAfterCloseFails() throws IOException {
        ImageFolderSource source = ImageFolderSource.open(folder, ImageFolderOptions.defaults());
        source.close();
        source.close();
        assertThatThrownBy(source::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsRejectImpossibleValues() {
        assertThatThrownBy(() -> ImageFolderOptions.defaults().withMaxSide(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageFolderOptions.defaults().withJpegQuality(0f))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageFolderOptions.defaults().withJpegQuality(1.5f))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private SourceFrame single(ImageFolderOptions options) throws IOException {
        List<SourceFrame> frames = readAll(ImageFolderSource.open(folder, options));
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    private static List<SourceFrame> readAll(ImageFolderSource source) {
        try (source) {
            List<SourceFrame> frames = new ArrayList<>();
            for (Optional<SourceFrame> next = source.next();
                    next.isPresent();
                    next = source.next()) {
                frames.add(next.get());
            }
            return frames;
        }
    }
}
