package io.headcount.inference.onnx;

import java.io.Serializable;
import java.util.Objects;

/**
 * How an ONNX Runtime session runs. Thread counts are always set explicitly: ORT's default is one
 * thread per core, which oversubscribes a task manager that runs several slots.
 *
 * @param intraOpThreads threads inside one operator (the main speed knob on CPU)
 * @param interOpThreads threads across independent operators (1 = sequential execution)
 * @param optimization graph optimisation level
 */
public record OnnxSettings(int intraOpThreads, int interOpThreads, GraphOptimization optimization)
    implements Serializable {

  /** Graph optimisation levels, mirroring ORT's without exposing its types to configuration. */
  public enum GraphOptimization {
    NONE,
    BASIC,
    EXTENDED,
    ALL
  }

  public OnnxSettings {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be at least 1: intra=" + intraOpThreads + " inter=" + interOpThreads);
    }
    Objects.requireNonNull(optimization, "optimization");
  }

  /** One thread and full optimisation: parallelism comes from Flink slots. */
  public static OnnxSettings defaults() {
    return new OnnxSettings(1, 1, GraphOptimization.ALL);
  }

  public OnnxSettings withIntraOpThreads(int threads) {
    return new OnnxSettings(threads, interOpThreads, optimization);
  }
}
