package io.headcount.inference.onnx;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the job expects of a model file: its name, its exact bytes (SHA-256) and its tensor names.
 * The contract is checked when the model is loaded, so a wrong or swapped file fails at start-up
 * rather than producing wrong numbers.
 *
 * @param name short model name used in versions, e.g. {@code yunet-n}
 * @param fileName file in the model folder
 * @param sha256 lower-case hex SHA-256 of the file
 * @param inputs names of the model's inputs (all of them)
 * @param outputs names of the outputs the job reads (the model may have more)
 */
public record ModelSpec(String name, String fileName, String sha256, List<String> inputs, List<String> outputs)
    implements Serializable {

  /** Hex digits of the checksum that go into a model version. */
  public static final int VERSION_DIGEST_LENGTH = 12;

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fileName, "fileName");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The version written into every observation, e.g. {@code yunet-n@104ee26c71d5}. */
  public String version() {
    return name + "@" + sha256.substring(0, VERSION_DIGEST_LENGTH);
  }
}
