package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.settings.ModelOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --models} is the model folder in every command; replay and compare name the candidate's
 * manifest with {@code --manifest}, and replay still takes the old {@code --models FILE}.
 */
class ReplayModelOptionsTest {

    private static final List<String> RANGE =
            List.of(
                    "--bootstrap-servers",
                    "localhost:1",
                    "--from",
                    "2026-11-27T10:00:00Z",
                    "--to",
                    "2026-11-27T10:01:00Z");

    @TempDir Path work;

    @Test
    void manifestNamesTheManifestAndModelsTheFolder() throws IOException {
        Path manifest = manifest("candidate.yaml");
        Path folder = Files.createDirectories(work.resolve("models"));
        StringWriter err = new StringWriter();

        ReplayCommand.CandidateModels models =
                replay("--manifest", manifest.toString(), "--models", folder.toString())
                        .candidateModels(new PrintWriter(err, true));

        assertThat(models.manifest()).isEqualTo(manifest);
        assertThat(models.inference()).containsEntry(ModelOptions.MODELS_DIR, folder.toString());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void withoutModelsTheFolderIsTheDefaultOrTheSetOne() throws IOException {
        Path manifest = manifest("candidate.yaml");

        ReplayCommand.CandidateModels models =
                replay("--manifest", manifest.toString(), "--set", "models.dir=/elsewhere")
                        .candidateModels(new PrintWriter(new StringWriter(), true));

        assertThat(models.manifest()).isEqualTo(manifest);
        assertThat(models.inference()).isEqualTo(Map.of(ModelOptions.MODELS_DIR, "/elsewhere"));
    }

    @Test
    void theOldModelsFileSpellingStillNamesTheManifestWithADeprecationNote() throws IOException {
        Path manifest = manifest("candidate.yaml");
        StringWriter err = new StringWriter();

        ReplayCommand.CandidateModels models =
                replay("--models", manifest.toString()).candidateModels(new PrintWriter(err, true));

        assertThat(models.manifest()).isEqualTo(manifest);
        assertThat(models.inference()).doesNotContainKey(ModelOptions.MODELS_DIR);
        assertThat(err.toString()).startsWith("Deprecated: --models FILE").contains("--manifest");
    }

    @Test
    void aYamlNameIsTheOldSpellingEvenBeforeTheFileExists() {
        Path missing = work.resolve("later.yml");

        ReplayCommand.CandidateModels models =
                replay("--models", missing.toString())
                        .candidateModels(new PrintWriter(new StringWriter(), true));

        assertThat(models.manifest()).isEqualTo(missing);
    }

    @Test
    void aManifestTwiceOrTheFolderTwiceIsRefused() throws IOException {
        Path manifest = manifest("candidate.yaml");
        Path folder = Files.createDirectories(work.resolve("models"));
        PrintWriter err = new PrintWriter(new StringWriter(), true);

        assertThatThrownBy(
                        () ->
                                replay("--manifest", manifest.toString(), "--models", "b.yaml")
                                        .candidateModels(err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--models takes the model folder");
        assertThatThrownBy(
                        () ->
                                replay(
                                                "--manifest",
                                                manifest.toString(),
                                                "--models",
                                                folder.toString(),
                                                "--set",
                                                "models.dir=/elsewhere")
                                        .candidateModels(err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model folder once");
    }

    @Test
    void replayWithoutAManifestFailsBeforeReachingKafka() {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("replay"));
        args.addAll(RANGE);
        args.addAll(List.of("--models", work.toString()));

        int exitCode =
                new CommandLine(new Headcount())
                        .setErr(new PrintWriter(err, true))
                        .execute(args.toArray(String[]::new));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--manifest");
    }

    @Test
    void compareNamesTheCandidateByItsModelSetOrByItsManifest() throws IOException {
        Path manifest = manifest("candidate.yaml");

        assertThat(compare("--candidate", "strict-1").modelSet()).isEqualTo("strict-1");
        assertThat(compare("--manifest", manifest.toString()).modelSet()).isEqualTo("strict-1");
        assertThatThrownBy(() -> compare().modelSet())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--candidate MODELSET or --manifest FILE");
        assertThatThrownBy(
                        () ->
                                compare("--candidate", "x-1", "--manifest", manifest.toString())
                                        .modelSet())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ReplayCommand replay(String... args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(withRange(args));
        return command;
    }

    private static CompareCommand compare(String... args) {
        CompareCommand command = new CompareCommand();
        new CommandLine(command).parseArgs(withRange(args));
        return command;
    }

    private static String[] withRange(String... args) {
        List<String> all = new ArrayList<>(RANGE);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The shipped manifest under model set {@code strict}, version 1 (as ReplayIT makes it). */
    private Path manifest(String name) throws IOException {
        try (InputStream in =
                ModelManifest.class
                        .getClassLoader()
                        .getResourceAsStream(ModelManifest.DEFAULT_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String renamed =
                    yaml.replaceFirst("(?m)^modelSet: .*$", "modelSet: strict")
                            .replaceFirst("(?m)^version: .*$", "version: \"1\"");
            return Files.writeString(work.resolve(name), renamed);
        }
    }
}
