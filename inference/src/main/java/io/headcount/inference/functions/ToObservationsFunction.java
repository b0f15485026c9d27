package io.headcount.inference.functions;

import io.headcount.inference.detect.DetectedFace;
import io.headcount.inference.detect.FaceBox;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.Box;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FaceQuality;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * One {@link FaceObservation} per detected face. This is the privacy boundary of the job: only
 * boxes, scores and probabilities go out; pixels and landmarks stay behind (DESIGN.md section 5).
 */
public final class ToObservationsFunction implements FlatMapFunction<DetectedFrame, FaceObservation> {

  private static final long serialVersionUID = 1L;

  private final String modelSet;
  private final TreeMap<String, String> modelVersions;

  /**
   * @param modelSet name of the model set, e.g. {@code default}
   * @param modelVersions role to model version, e.g. {@code detector -> yunet-n@104ee26c71d5}
   */
  public ToObservationsFunction(String modelSet, Map<String, String> modelVersions) {
    this.modelSet = modelSet;
    this.modelVersions = new TreeMap<>(modelVersions);
  }

  @Override
  public void flatMap(DetectedFrame detected, Collector<FaceObservation> out) {
    FrameInfo frame = detected.frame();
    int facesInFrame = detected.faces().length;
    for (DetectedFace face : detected.faces()) {
      FaceBox box = face.box();
      out.collect(
          FaceObservation.newBuilder()
              .setSite(frame.site())
              .setCamera(frame.camera())
              .setFrameTime(Instant.ofEpochMilli(frame.captureTime()))
              .setFrameSequence(frame.sequence())
              .setFacesInFrame(facesInFrame)
              .setTrackId(null)
              .setBox(new Box(box.x(), box.y(), box.width(), box.height()))
              .setDetectionScore(face.score())
              .setQuality(FaceQuality.newBuilder().setFaceSize(box.shorterSide()).build())
              .setAttributes(AttributeProbabilities.newBuilder().build())
              .setModelSet(modelSet)
              .setModelVersions(new TreeMap<>(modelVersions))
              .build());
    }
  }
}
