package io.headcount.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.headcount.app.replay.CompareRun;
import io.headcount.app.replay.ComparisonChart;
import io.headcount.core.kafka.KafkaClientSecurity;
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
            required = true,
            paramLabel = "MODELSET",
            description = "The replayed model set, e.g. candidate-2026.12.")
    String candidate;

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
            defaultValue = "PT5M",
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
            report = CompareRun.compare(client, range.range(), candidate, timeout);
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
}
