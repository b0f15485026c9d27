package io.headcount.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceManifestTest {

    @TempDir Path temp;

    @Test
    void aFaceSetLabelledWithSexOnlyIsUsableWithAgeUnknown() throws IOException {
        List<LabelledFace> faces =
                FaceManifest.read(TestImages.data("faces-sex/rmfd_celeb_unmasked/manifest.csv"));

        // 1,250 rows: 620 female and 626 male; 4 of an identity whose sex is unknown.
        assertThat(faces).hasSize(1246);
        assertThat(faces).allSatisfy(face -> assertThat(face.file()).isRegularFile());
        assertThat(faces).allSatisfy(face -> assertThat(face.age()).isNull());
        assertThat(faces).allSatisfy(face -> assertThat(face.ageGroup()).isNull());
        assertThat(faces).extracting(LabelledFace::sex).containsOnly("female", "male");
    }

    @Test
    void filesResolveAgainstTheRootWhenGivenElseBesideTheManifest() throws IOException {
        Path image = TestImages.data(TestImages.BASELINE_FACE);
        Path root = Files.createDirectories(temp.resolve("images"));
        Files.copy(image, root.resolve("a.jpg"));
        Path elsewhere = Files.createDirectories(temp.resolve("lists"));
        Path manifest = elsewhere.resolve("manifest.csv");
        Files.writeString(
                manifest,
                """
                file,sex,age,age_group,masked
                a.jpg,female,34,30-39,no
                b.jpg,male,,,no
                """);
        Files.copy(image, elsewhere.resolve("b.jpg"));

        List<LabelledFace> fromRoot = FaceManifest.read(manifest, root);
        List<LabelledFace> beside = FaceManifest.read(manifest);

        assertThat(fromRoot)
                .singleElement()
                .satisfies(
                        face -> {
                            assertThat(face.file()).isEqualTo(root.resolve("a.jpg"));
                            assertThat(face.age()).isEqualTo(34);
                            assertThat(face.ageGroup()).isEqualTo("30-39");
                        });
        assertThat(beside)
                .singleElement()
                .satisfies(
                        face -> {
                            assertThat(face.file()).isEqualTo(elsewhere.resolve("b.jpg"));
                            assertThat(face.age()).isNull();
                            assertThat(face.ageGroup()).isNull();
                        });
    }

    @Test
    void noUsableRowSaysWhereTheFilesWereLookedFor() throws IOException {
        Path manifest = temp.resolve("manifest.csv");
        Files.writeString(manifest, "file,sex\nmissing.jpg,female\nx.jpg,unknown\n");

        assertThatThrownBy(() -> FaceManifest.read(manifest, temp.resolve("root")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(manifest.toString())
                .hasMessageContaining("resolved against " + temp.resolve("root"));
    }
}
