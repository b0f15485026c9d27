package io.headcount.inference.records;

import io.headcount.inference.detect.DetectedFace;
import io.headcount.inference.frame.BgrImage;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frame with the faces found in it. It keeps the pixels and landmarks because the stages after
 * detection (alignment, attributes) need them; the observation stage is where both are dropped.
 *
 * @param frame frame metadata
 * @param image the decoded frame; null for an end of stream
 * @param faces faces best score first; an array, not a list, so Flink serializes it without Kryo
 */
public record DetectedFrame(FrameInfo frame, BgrImage image, DetectedFace[] faces) implements Serializable {

  public DetectedFrame {
    Objects.requireNonNull(faces, "faces");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DetectedFrame detected
        && frame.equals(detected.frame)
        && Objects.equals(image, detected.image)
        && Arrays.equals(faces, detected.faces);
  }

  @Override
  public int hashCode() {
    return Objects.hash(frame, image, Arrays.hashCode(faces));
  }

  @Override
  public String toString() {
    String size = image == null ? "no image" : image.width() + "x" + image.height();
    return "DetectedFrame[" + frame + ", " + size + ", faces=" + faces.length + "]";
  }
}
