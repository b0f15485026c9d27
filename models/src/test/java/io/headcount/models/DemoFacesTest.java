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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo faces on a machine without shared data: an empty data folder gets the crops and their
 * manifest from the pinned face-api package, fetched with the npm client; a second call fetches
 * nothing.
 */
class DemoFacesTest {

    @TempDir Path data;

    @Test
    void fetchesCropsAndWritesTheManifestIntoAnEmptyDataFolder() throws IOException {
        // Skips without npm on a developer machine, fails in CI (as the other npm tests).
        NpmPackageFixture.faceApi();
        List<String> steps = new ArrayList<>();

        Path manifest = DemoFaces.standard().ensure(data, null, steps::add);

        assertThat(manifest).isEqualTo(data.resolve(DemoFaces.FOLDER).resolve("manifest.csv"));
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("file,sex,masked,width,height,source");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize(DemoFaces.boxes().size()).hasSize(22);
        for (String row : rows) {
            String[] cells = row.split(",");
            assertThat(cells[1]).isIn("male", "female");
            BufferedImage face = ImageIO.read(manifest.resolveSibling(cells[0]).toFile());
            assertThat(face.getWidth()).isEqualTo(DemoFaces.SIDE);
            assertThat(face.getHeight()).isEqualTo(DemoFaces.SIDE);
            assertThat(cells[5]).startsWith("@vladmandic/face-api@1.7.15/demo/sample");
        }
        assertThat(steps).anyMatch(step -> step.startsWith("fetching @vladmandic/face-api@1.7.15"));
        assertThat(steps).contains("  22 of 22 faces cropped");

        List<String> again = new ArrayList<>();
        assertThat(DemoFaces.standard().ensure(data, null, again::add)).isEqualTo(manifest);
        assertThat(again).isEmpty();
    }

    @Test
    void aTarballThatIsNotThePinnedOneIsRefusedAndLeavesNoManifest() throws IOException {
        Path other = data.resolve("other.tgz");
        Files.write(other, new byte[] {1, 2, 3});

        assertThatThrownBy(
                        () ->
                                DemoFaces.standard()
                                        .ensure(data, other, ProvisioningListener.silent()))
                .isInstanceOf(ModelProvisioningException.class)
                .hasMessageContaining(
                        "expected "
                                + ModelCatalog.shipped()
                                        .npmPackage(ModelCatalog.FACE_API)
                                        .sha256());
        assertThat(DemoFaces.manifest(data)).doesNotExist();
    }
}
