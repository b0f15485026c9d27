package io.headcount.app;

import io.headcount.aggregation.AggregationConfig;
import io.headcount.app.replay.ReplayResult;
import io.headcount.app.replay.ReplayRun;
import io.headcount.app.replay.ReplaySettings;
import java.io.PrintWriter;
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
            names = "--models",
            required = true,
            paramLabel = "FILE",
            description =
                    "The candidate's model manifest (like models/default.yaml); its modelSet and"
                            + " version name the shadow topics.")
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
            defaultValue = "PT30M",
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
            settings =
                    new ReplaySettings(
                            range.bootstrapServers,
                            range.range(),
                            models,
                            inference,
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
}
