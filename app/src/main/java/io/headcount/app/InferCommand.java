package io.headcount.app;

import io.headcount.embedded.EmbeddedPipeline;
import io.headcount.vision.settings.ModelOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code headcount infer --bootstrap-servers HOST:PORT}: the inference job on a local Flink
 * mini-cluster in this JVM, against any Kafka cluster, submitted as the embedded mode submits it
 * ({@link EmbeddedPipeline#submitInference}). Runs until stopped or until the job fails.
 */
@Command(
        name = "infer",
        header = "Runs the inference job on a local Flink mini-cluster against a Kafka cluster.",
        footer = {
            "",
            "Example:",
            "  bin/headcount infer --bootstrap-servers localhost:9092 --set parallelism=2"
        },
        mixinStandardHelpOptions = true,
        description = {
            "Runs the inference job (frames in; face observations, frames-processed and",
            "dead letters out, exactly once) on a Flink mini-cluster in this process, as",
            "the embedded mode runs it: parallelism 1, a checkpoint every second, no",
            "restarts (a failure ends the command). No Flink cluster needed. Runs until",
            "Ctrl-C / SIGTERM cancels the job; started again, it goes on from the offsets",
            "its last checkpoint committed."
        })
final class InferCommand implements Callable<Integer> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster with the product's topics.")
    String bootstrapServers;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "An inference job option (as for the cluster job, e.g. parallelism=2,"
                            + " checkpoint.interval.ms=5000, models.dir=DIR), or flink.KEY for the"
                            + " local Flink cluster itself; repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!options.containsKey(ModelOptions.MODELS_DIR)) {
            // First use on a fresh machine: fetch the default models; a no-op once they verify.
            io.headcount.models.FirstUse.ensureDefaultModels(out::println);
        }
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(new SimpleMeterRegistry())
                        .withInferenceOverrides(options);
        try (StopSignal stop = StopSignal.onShutdown("infer-shutdown", CLOSE_TIMEOUT)) {
            JobClient job;
            try {
                job = EmbeddedPipeline.submitInference(bootstrapServers, settings);
            } catch (IllegalArgumentException e) {
                err.println("Bad inference options: " + e.getMessage());
                return 2;
            }
            out.printf(
                    "Inference job %s running against %s; Ctrl-C stops it.%n",
                    job.getJobID(), bootstrapServers);
            out.flush();
            try {
                while (!stop.await(Duration.ofSeconds(1))) {
                    JobStatus status = job.getJobStatus().get();
                    if (status.isGloballyTerminalState()) {
                        err.println("The inference job stopped: " + status + failure(job));
                        return 1;
                    }
                }
            } finally {
                cancel(job);
            }
            out.println("Stopped the inference job.");
            out.flush();
            return 0;
        }
    }

    /**
     * Cancels the job and waits until it has ended, so its Kafka clients are closed before the
     * command returns (its mini-cluster then shuts down with it); quietly if it has ended already.
     */
    private static void cancel(JobClient job) throws InterruptedException {
        try {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            job.getJobExecutionResult().get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // cancelled (the result is the cancellation), ended meanwhile, or too slow to tell
        }
    }

    private static String failure(JobClient job) {
        try {
            job.getJobExecutionResult().get(5, TimeUnit.SECONDS);
            return "";
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return " (" + cause + ")";
        }
    }
}
