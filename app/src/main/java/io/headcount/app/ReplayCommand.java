package io.headcount.app;

import io.headcount.aggregation.AggregationConfig;
import io.headcount.app.replay.ReplayResult;
import io.headcount.app.replay.ReplayRun;
import io.headcount.app.replay.ReplaySettings;
import io.headcount.vision.settings.ModelOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount replay}: a time range of the frames topic through a candidate model set into its
 * shadow topics, aggregated to the end of the range (see {@link ReplayRun}).
 */
@Command(
        name = "replay",
        header = "Replays recorded frames through a candidate model set into shadow topics.",
        footer = {
            "",
            "Example:",
            "  bin/headcount replay --bootstrap-servers kafka:9092 --from 2026-12-01T09:00:00Z"
                    + " --to 2026-12-01T10:00:00Z --manifest candidate.yaml"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Replays the frames captured in [--from, --to) (Kafka record timestamps of the frames",
            "topic) through the inference job with a candidate model set, into the shadow topics",
            "<topic>.shadow.<modelSet> (replaced on each replay), and aggregates them with their own",
            "application id until every window of the range has closed. Production topics are only",
            "read. Compare the result with: headcount compare --candidate <modelSet>."
        })
final class ReplayCommand implements Callable<Integer> {

    @Mixin RecordedRangeOptions range;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description =
                    "The candidate's model manifest (like models/default.yaml); its modelSet and"
                            + " version name the shadow topics. Required.")
    Path manifest;

    @Option(
            names = "--models",
            paramLabel = "DIR",
            description =
                    "The candidate's model folder, as in eval, augment and train-head (default:"
                            + " the models folder). A manifest file here (--models FILE.yaml) is"
                            + " the old spelling of --manifest: still accepted, deprecated.")
    Path models;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "An inference option of the candidate, e.g. detector.score-threshold=0.7,"
                            + " attributes.heads=sex-age, models.dir=DIR; repeatable.")
    Map<String, String> inference = new LinkedHashMap<>();

    @Option(
            names = "--aggregation-config",
            paramLabel = "FILE",
            description =
                    "Production's aggregation settings (properties: window, grace, fusion...), so"
                            + " the candidate is counted the same way.")
    Path aggregationConfig;

    @Option(
            names = "--aggregation-set",
            paramLabel = "KEY=VALUE",
            description = "An aggregation setting on top of the file; repeatable.")
    Map<String, String> aggregation = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> aggregationSettings = new LinkedHashMap<>();
        if (aggregationConfig != null) {
            AggregationConfig.load(aggregationConfig)
                    .forEach((key, value) -> aggregationSettings.put((String) key, (String) value));
        }
        aggregationSettings.putAll(aggregation);
        ReplaySettings settings;
        try {
            CandidateModels candidate = candidateModels(spec.commandLine().getErr());
            settings =
                    new ReplaySettings(
                            range.bootstrapServers,
                            range.range(),
                            candidate.manifest(),
                            candidate.inference(),
                            aggregationSettings,
                            timeout);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        ReplayResult result;
        try {
            result =
                    new ReplayRun(
                                    settings,
                                    line -> {
                                        out.println(line);
                                        out.flush();
                                    })
                            .run();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        out.printf(
                "Replayed %s with %s in %.1f s: %d cameras, %d frames, %d face observations,"
                        + " %d windows, %d visitors (%d tracks) on %s%n",
                settings.range(),
                result.topics().modelSet(),
                result.millis() / 1000.0,
                result.cameras(),
                result.frames(),
                result.observations(),
                result.windows(),
                result.visitors(),
                result.tracks(),
                result.topics().audienceStats().name());
        out.flush();
        return result.frames() == 0 ? 1 : 0;
    }

    /** The candidate's manifest, and the inference options with its model folder. */
    record CandidateModels(Path manifest, Map<String, String> inference) {}

    /**
     * {@code --manifest FILE} names the manifest and {@code --models DIR} the model folder, as in
     * the other commands. The old spelling {@code --models FILE} (a file, or a name ending in
     * {@code .yaml} or {@code .yml}) still names the manifest, with a deprecation note on {@code
     * err}.
     *
     * @throws IllegalArgumentException for no manifest, two, or two model folders
     */
    CandidateModels candidateModels(PrintWriter err) {
        Path manifestFile = manifest;
        Path folder = models;
        if (folder != null && namesManifest(folder)) {
            if (manifestFile != null) {
                throw new IllegalArgumentException(
                        "--models takes the model folder, not a manifest ("
                                + folder
                                + "); the manifest is --manifest "
                                + manifestFile);
            }
            err.println(
                    "Deprecated: --models FILE for the model manifest; use --manifest "
                            + folder
                            + " (--models is the model folder, as in eval, augment and"
                            + " train-head).");
            err.flush();
            manifestFile = folder;
            folder = null;
        }
        if (manifestFile == null) {
            throw new IllegalArgumentException(
                    "Missing required option: '--manifest=FILE' (the candidate's model manifest)");
        }
        Map<String, String> options = new LinkedHashMap<>(inference);
        if (folder != null) {
            if (options.containsKey(ModelOptions.MODELS_DIR)) {
                throw new IllegalArgumentException(
                        "Give the model folder once: --models or --set " + ModelOptions.MODELS_DIR);
            }
            options.put(ModelOptions.MODELS_DIR, folder.toString());
        }
        return new CandidateModels(manifestFile, options);
    }

    private static boolean namesManifest(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return Files.isRegularFile(path) || name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
