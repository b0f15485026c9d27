package io.headcount.app.faults;

import io.headcount.embedded.EmbeddedPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;

/**
 * The inference job exactly as the embedded mode submits it ({@link
 * EmbeddedPipeline#submitInference}), alone in a JVM so a test can kill it.
 *
 * <p>Arguments: bootstrap servers, window ms, grace ms, then {@code key=value} inference overrides
 * (with {@code flink.} for the local Flink cluster, e.g. the checkpoint folder or the checkpoint to
 * resume from).
 */
public final class InferenceProcess {

    private InferenceProcess() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            overrides.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        EmbeddedPipeline.Settings settings =
                EmbeddedPipeline.Settings.defaults(new SimpleMeterRegistry())
                        .withWindow(
                                Duration.ofMillis(Long.parseLong(args[1])),
                                Duration.ofMillis(Long.parseLong(args[2])))
                        .withInferenceOverrides(overrides);
        JobClient job = EmbeddedPipeline.submitInference(args[0], settings);
        System.out.println("Inference job " + job.getJobID() + " submitted");
        // Ends (and the JVM with it) only when the job does; the test kills it before.
        job.getJobExecutionResult().get();
    }
}
