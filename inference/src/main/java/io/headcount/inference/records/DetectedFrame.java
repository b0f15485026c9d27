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
 * @param descriptions quality and attributes per face, same order; null until {@code describe-faces}
 *     ran (which also drops the image: nothing after it needs pixels)
 */
public record DetectedFrame(FrameInfo frame, BgrImage image, DetectedFace[] faces, FaceDescription[] descriptions)
    implements Serializable {

  public DetectedFrame {
    Objects.requireNonNull(faces, "faces");
    if (descriptions != null && descriptions.length != faces.length) {
      throw new IllegalArgumentException(descriptions.length + " descriptions for " + faces.length + " faces");
    }
  }

  /** A frame straight from the detector, not yet described. */
  public DetectedFrame(FrameInfo frame, BgrImage image, DetectedFace[] faces) {
    this(frame, image, faces, null);
  }

  /** This frame's faces described, without its pixels. */
  public DetectedFrame described(FaceDescription[] faceDescriptions) {
    return new DetectedFrame(frame, null, faces, faceDescriptions);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DetectedFrame detected
        && frame.equals(detected.frame)
        && Objects.equals(image, detected.image)
        && Arrays.equals(faces, detected.faces)
        && Arrays.equals(descriptions, detected.descriptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(frame, image, Arrays.hashCode(faces), Arrays.hashCode(descriptions));
  }

  @Override
  public String toString() {
    String size = image == null ? "no image" : image.width() + "x" + image.height();
    return "DetectedFrame[" + frame + ", " + size + ", faces=" + faces.length + "]";
  }
}
