package io.headcount.app;

import io.headcount.app.service.MetricsEndpoint;
import io.headcount.ingest.gateway.CameraOutcome;
import io.headcount.ingest.gateway.ConfigException;
import io.headcount.ingest.gateway.Gateway;
import io.headcount.ingest.gateway.GatewayConfig;
import io.headcount.ingest.gateway.GatewayConfigLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount gateway --config cameras.yaml}: one camera gateway publishing all its cameras to
 * Kafka until every finite camera is done, or until stopped (Ctrl-C / SIGTERM flushes every frame
 * and saves the checkpoint).
 */
@Command(
        name = "gateway",
        header = "Publishes the frames of the cameras in a config file to Kafka.",
        footer = {
            "",
            "Example:",
            "  bin/headcount gateway --config cameras.yaml --metrics-port 9400"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Runs a camera gateway: publishes the frames of every camera in the config (image folders,",
            "video files, MJPEG and RTSP streams, synthetic cameras) to the frames topic. Ends when all",
            "cameras have ended; Ctrl-C stops it gracefully (every frame sent is flushed)."
        })
final class GatewayCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "Gateway config (cameras.yaml).")
    Path config;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Overrides kafka.bootstrapServers of the config.")
    String bootstrapServers;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve Prometheus metrics at http://0.0.0.0:PORT/metrics (0 = any free port). Default: none.")
    Integer metricsPort;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = GatewayConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("Bad gateway config: " + e.getMessage());
            return 2;
        }
        if (bootstrapServers != null) {
            gatewayConfig = gatewayConfig.withBootstrapServers(bootstrapServers);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint metrics =
                metricsPort == null
                        ? null
                        : MetricsEndpoint.start("0.0.0.0", metricsPort, registry)) {
            if (metrics != null) {
                out.printf(
                        "Metrics at http://localhost:%d%s%n", metrics.port(), MetricsEndpoint.PATH);
                out.flush();
            }
            return publish(gatewayConfig, registry, out);
        }
    }

    private int publish(
            GatewayConfig gatewayConfig, PrometheusMeterRegistry registry, PrintWriter out)
            throws InterruptedException {
        Gateway gateway = Gateway.start(gatewayConfig, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            gateway.close();
                            stopped.countDown();
                        },
                        "gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!gateway.awaitFinished(Duration.ofSeconds(1))) {
                if (stopped.getCount() == 0) {
                    return 130;
                }
            }
        } finally {
            // Also when interrupted (an embedding caller stopping it): flush and release cameras.
            gateway.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook closes (again, idempotently)
            }
        }
        int failures = 0;
        for (String camera : gateway.cameraIds()) {
            if (!gateway.outcomes().containsKey(camera)) {
                out.printf("%s: did not end%n", camera);
                failures++;
            }
        }
        for (CameraOutcome outcome : gateway.outcomes().values()) {
            if (outcome.alreadyFinished()) {
                out.printf("%s: already published to the end (checkpoint)%n", outcome.camera());
            } else if (outcome.summary() != null) {
                out.printf(
                        "%s: %d frames sent, %d failed, %d skipped, %d rejected, %d reconnects%s%n",
                        outcome.camera(),
                        outcome.summary().sent(),
                        outcome.summary().failed(),
                        outcome.summary().skipped(),
                        outcome.summary().rejected(),
                        outcome.reconnects(),
                        outcome.gaveUp() ? " (gave up)" : "");
                failures += outcome.gaveUp() || outcome.summary().failed() > 0 ? 1 : 0;
            } else {
                out.printf("%s: failed: %s%n", outcome.camera(), outcome.error());
                failures++;
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
