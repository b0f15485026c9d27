package io.headcount.ingest.source;

import java.util.Objects;

/**
 * One frame as a source delivers it, before it gets a camera, a sequence number and a capture time.
 *
 * @param jpeg baseline JPEG bytes; not copied, so neither the source nor the caller changes them
 * @param width width of the JPEG in pixels
 * @param height height of the JPEG in pixels
 * @param origin where the frame came from, for logs (e.g. the file path)
 */
public record SourceFrame(byte[] jpeg, int width, int height, String origin) {

  public SourceFrame {
    Objects.requireNonNull(jpeg, "jpeg");
    Objects.requireNonNull(origin, "origin");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
    }
  }

  @Override
  public String toString() {
    return "SourceFrame[" + origin + ", " + width + "x" + height + ", " + jpeg.length + " bytes]";
  }
}
