package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo faces on a machine without shared data: an empty data folder gets the crops and their
 * manifest from the pinned face-api and human packages, fetched with the npm client; a second call
 * fetches nothing.
 */
class DemoFacesTest {

    private static final String FACE_API = "@vladmandic/face-api@1.7.15";
    private static final String HUMAN = "@vladmandic/human@3.3.6";

    @TempDir Path data;

    @Test
    void fetchesCropsAndWritesTheManifestIntoAnEmptyDataFolder() throws IOException {
        // Skips without npm on a developer machine, fails in CI (as the other npm tests).
        NpmPackageFixture.faceApi();
        NpmPackageFixture.tarball(ModelCatalog.HUMAN);
        List<String> steps = new ArrayList<>();

        Path manifest = DemoFaces.standard().ensure(data, Map.of(), steps::add);

        assertThat(manifest).isEqualTo(data.resolve(DemoFaces.FOLDER).resolve("manifest.csv"));
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("file,sex,masked,width,height,source");
        List<String[]> rows =
                lines.subList(1, lines.size()).stream().map(row -> row.split(",")).toList();
        assertThat(rows).hasSize(DemoFaces.boxes().size()).hasSize(56);
        for (String[] cells : rows) {
            assertThat(cells[1]).isIn("male", "female");
            assertThat(cells[5]).matches("(" + FACE_API + "/demo/sample|" + HUMAN + "/assets/).*");
            BufferedImage face = ImageIO.read(manifest.resolveSibling(cells[0]).toFile());
            assertThat(face.getWidth()).isEqualTo(DemoFaces.SIDE);
            assertThat(face.getHeight()).isEqualTo(DemoFaces.SIDE);
            // A real crop: neither the black grid between the screenshot's chips nor a flat patch.
            assertThat(luminanceDeviation(face)).as(cells[0]).isGreaterThan(12);
        }
        assertThat(sexes(rows, cells -> cells[1]))
                .containsEntry("male", 28L)
                .containsEntry("female", 28L);
        assertThat(steps)
                .anyMatch(step -> step.startsWith("fetching " + FACE_API))
                .anyMatch(step -> step.startsWith("fetching " + HUMAN))
                .contains("  56 of 56 faces cropped");

        List<String> again = new ArrayList<>();
        assertThat(DemoFaces.standard().ensure(data, Map.of(), again::add)).isEqualTo(manifest);
        assertThat(again).isEmpty();
    }

    @Test
    void thePinnedBoxesHoldAsManyMenAsWomenFromPackagesOfTheCatalog() {
        List<DemoFaces.Box> boxes = DemoFaces.boxes();
        ModelCatalog catalog = ModelCatalog.shipped();

        assertThat(sexes(boxes, DemoFaces.Box::sex))
                .containsEntry("male", 28L)
                .containsEntry("female", 28L);
        for (DemoFaces.Box box : boxes) {
            assertThat(catalog.npmPackage(box.pkg()).spec()).isIn(FACE_API, HUMAN);
            assertThat(box.sha256()).matches("[0-9a-f]{64}");
            assertThat(box.margin()).isBetween(1.0, 1.4);
        }
        // The men come from human's screenshot, the sample photos of face-api are all of women.
        assertThat(boxes.stream().filter(box -> box.pkg().equals(ModelCatalog.FACE_API)))
                .allMatch(box -> box.sex().equals("female"));
    }

    @Test
    void aTarballThatIsNotThePinnedOneIsRefusedAndLeavesNoManifest() throws IOException {
        Path other = data.resolve("other.tgz");
        Files.write(other, new byte[] {1, 2, 3});

        assertThatThrownBy(
                        () ->
                                DemoFaces.standard()
                                        .ensure(
                                                data,
                                                Map.of(ModelCatalog.FACE_API, other),
                                                ProvisioningListener.silent()))
                .isInstanceOf(ModelProvisioningException.class)
                .hasMessageContaining(
                        "expected "
                                + ModelCatalog.shipped()
                                        .npmPackage(ModelCatalog.FACE_API)
                                        .sha256());
        assertThat(DemoFaces.manifest(data)).doesNotExist();
    }

    private static <T> Map<String, Long> sexes(List<T> faces, Function<T, String> sex) {
        return faces.stream().collect(Collectors.groupingBy(sex, Collectors.counting()));
    }

    /** Standard deviation of the crop's luminance, 0 to 255. */
    private static double luminanceDeviation(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double l =
                        0.299 * ((rgb >> 16) & 255)
                                + 0.587 * ((rgb >> 8) & 255)
                                + 0.114 * (rgb & 255);
                sum += l;
                squares += l * l;
            }
        }
        double mean = sum / n;
        return Math.sqrt(squares / n - mean * mean);
    }
}
