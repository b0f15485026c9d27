package io.headcount.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.headcount.app.replay.CompareRun;
import io.headcount.app.replay.ComparisonChart;
import io.headcount.core.kafka.KafkaClientSecurity;
import io.headcount.vision.models.ModelManifest;
import io.headcount.vision.onnx.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount compare}: production's outputs against a replayed candidate's over one range, as
 * JSON and a self-contained HTML chart.
 */
@Command(
        name = "compare",
        header = "Compares a replayed candidate model set with production.",
        footer = {
            "",
            "Example:",
            "  bin/headcount compare --bootstrap-servers kafka:9092 --from 2026-12-01T09:00:00Z"
                    + " --to 2026-12-01T10:00:00Z --manifest candidate.yaml --html compare.html"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Compares a replayed candidate model set (its shadow topics) with production (the normal",
            "topics) over [--from, --to): totals, every window, attribute shares of the visitors,",
            "agreement of visitors matched by camera, time and box, and confidence histograms.",
            "Writes JSON (--out) and an HTML page with inline SVG charts (--html)."
        })
final class CompareCommand implements Callable<Integer> {

    @Mixin RecordedRangeOptions range;

    @Option(
            names = "--candidate",
            paramLabel = "MODELSET",
            description = "The replayed model set, e.g. candidate-2026.12 (or --manifest).")
    String candidate;

    @Option(
            names = "--manifest",
            paramLabel = "FILE",
            description =
                    "The replayed candidate's model manifest, as given to replay: names the model"
                            + " set instead of --candidate.")
    Path manifest;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "The JSON report (default: printed).")
    Path out;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "The HTML chart (default: the --out file with .html, if --out is set).")
    Path html;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "5m",
            description = "How long reading the topics may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        // TLS/SASL from the HEADCOUNT_KAFKA_* environment variables, as the other services.
        Map<String, Object> client =
                new HashMap<>(KafkaClientSecurity.fromEnvironment().clientProperties());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, range.bootstrapServers);
        Map<String, Object> report;
        try {
            report = CompareRun.compare(client, range.range(), modelSet(), timeout);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        String json =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report);
        if (out == null) {
            console.println(json);
        } else {
            Files.writeString(out, json + "\n");
            console.println("Wrote " + out);
        }
        Path chart = html;
        if (chart == null && out != null) {
            String name = out.getFileName().toString();
            int dot = name.lastIndexOf('.');
            chart = out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".html");
        }
        if (chart != null) {
            Files.writeString(chart, ComparisonChart.html(report));
            console.println("Wrote " + chart);
        }
        console.flush();
        return 0;
    }

    /**
     * The candidate's model set: {@code --candidate}, or the one of the {@code --manifest} file.
     *
     * @throws IllegalArgumentException for neither or both
     */
    String modelSet() {
        if ((candidate == null) == (manifest == null)) {
            throw new IllegalArgumentException(
                    "Name the candidate once: --candidate MODELSET or --manifest FILE");
        }
        if (candidate != null) {
            return candidate;
        }
        try {
            return ModelManifest.fromFile(manifest).modelSet();
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
