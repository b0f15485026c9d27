package io.headcount.inference.functions;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.FrameProcessed;
import java.time.Instant;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * One {@link FrameProcessed} per frame that got through detection, faces or not, and one per end of
 * stream: the aggregation's event time moves on even when nobody is in view, and each window knows
 * how many frames it saw. {@code faces} equals the number of observations {@link
 * ToObservationsFunction} emits for the same frame (one per detected face).
 */
public final class ToFrameProcessedFunction implements MapFunction<DetectedFrame, FrameProcessed> {

  private static final long serialVersionUID = 1L;

  private final String modelSet;

  public ToFrameProcessedFunction(String modelSet) {
    this.modelSet = modelSet;
  }

  @Override
  public FrameProcessed map(DetectedFrame detected) {
    FrameInfo frame = detected.frame();
    return FrameProcessed.newBuilder()
        .setSite(frame.site())
        .setCamera(frame.camera())
        .setFrameTime(Instant.ofEpochMilli(frame.captureTime()))
        .setFrameSequence(frame.sequence())
        .setFaces(detected.faces().length)
        .setEndOfStream(frame.endOfStream())
        .setModelSet(modelSet)
        .build();
  }
}
