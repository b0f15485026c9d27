package io.headcount.vision.onnx;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * How an ONNX Runtime session runs. Thread counts are always set explicitly: ORT's default is one
 * thread per core, which oversubscribes a task manager that runs several slots.
 *
 * @param intraOpThreads threads inside one operator (the main speed knob on CPU)
 * @param interOpThreads threads across independent operators (1 = sequential execution)
 * @param optimization graph optimisation level
 * @param executionProvider where the model runs; CUDA where it is not available fails the model's
 *     loading (no silent fall-back to CPU)
 * @param deviceId the CUDA device
 */
public record OnnxSettings(
        int intraOpThreads,
        int interOpThreads,
        GraphOptimization optimization,
        ExecutionProvider executionProvider,
        int deviceId)
        implements Serializable {

    /** Graph optimisation levels, mirroring ORT's without exposing its types to configuration. */
    public enum GraphOptimization {
        NONE,
        BASIC,
        EXTENDED,
        ALL
    }

    /** Execution providers the job can ask for. */
    public enum ExecutionProvider {
        CPU,
        CUDA;

        public static ExecutionProvider parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    public OnnxSettings {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException(
                    "thread counts must be at least 1: intra="
                            + intraOpThreads
                            + " inter="
                            + interOpThreads);
        }
        Objects.requireNonNull(optimization, "optimization");
        Objects.requireNonNull(executionProvider, "executionProvider");
        if (deviceId < 0) {
            throw new IllegalArgumentException("CUDA device id must not be negative: " + deviceId);
        }
    }

    /** CPU settings. */
    public OnnxSettings(int intraOpThreads, int interOpThreads, GraphOptimization optimization) {
        this(intraOpThreads, interOpThreads, optimization, ExecutionProvider.CPU, 0);
    }

    /** One thread, full optimisation, CPU: parallelism comes from Flink slots. */
    public static OnnxSettings defaults() {
        return new OnnxSettings(1, 1, GraphOptimization.ALL);
    }

    public OnnxSettings withIntraOpThreads(int threads) {
        return new OnnxSettings(threads, interOpThreads, optimization, executionProvider, deviceId);
    }

    public OnnxSettings withOptimization(GraphOptimization level) {
        return new OnnxSettings(intraOpThreads, interOpThreads, level, executionProvider, deviceId);
    }

    public OnnxSettings withExecutionProvider(ExecutionProvider provider, int device) {
        return new OnnxSettings(intraOpThreads, interOpThreads, optimization, provider, device);
    }
}
