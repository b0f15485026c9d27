package io.headcount.inference.functions;

import io.headcount.inference.detect.DetectedFace;
import io.headcount.inference.detect.DetectorSettings;
import io.headcount.inference.detect.YuNetDetector;
import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.DetectedFrame;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Runs the face detector on each decoded frame. The native session is opened in {@link #open} on
 * the task that uses it (never serialized with the function) and released in {@link #close}. An end
 * of stream has no image: it passes on with no faces and is not counted as a frame.
 */
public final class DetectFacesFunction extends RichMapFunction<DecodedFrame, DetectedFrame> {

  private static final long serialVersionUID = 1L;

  public static final String FRAMES_METRIC = "framesDetected";
  public static final String FACES_METRIC = "facesDetected";

  private final DetectorSettings settings;

  private transient YuNetDetector detector;
  private transient Counter frames;
  private transient Counter faces;

  public DetectFacesFunction(DetectorSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    detector = YuNetDetector.open(settings);
    frames = getRuntimeContext().getMetricGroup().counter(FRAMES_METRIC);
    faces = getRuntimeContext().getMetricGroup().counter(FACES_METRIC);
  }

  @Override
  public DetectedFrame map(DecodedFrame frame) {
    if (frame.frame().endOfStream()) {
      return new DetectedFrame(frame.frame(), null, new DetectedFace[0]);
    }
    List<DetectedFace> found = detector.detect(frame.image());
    frames.inc();
    faces.inc(found.size());
    return new DetectedFrame(frame.frame(), frame.image(), found.toArray(DetectedFace[]::new));
  }

  @Override
  public void close() {
    if (detector != null) {
      detector.close();
      detector = null;
    }
  }
}
