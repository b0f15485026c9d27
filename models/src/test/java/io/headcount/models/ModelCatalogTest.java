package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

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
