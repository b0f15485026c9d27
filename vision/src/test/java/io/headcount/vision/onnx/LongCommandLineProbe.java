package io.headcount.vision.onnx;

import io.headcount.vision.detect.YuNetModel;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OnnxModelLongCommandLineTest}: loads and runs YuNet, prints "ok".
 */
public final class LongCommandLineProbe {

    private LongCommandLineProbe() {}

    public static void main(String[] args) {
        try (OnnxModel model =
                OnnxModel.load(YuNetModel.SPEC, Path.of(args[0]), OnnxSettings.defaults())) {
            model.run(YuNetModel.INPUT, new float[3 * 32 * 32], new long[] {1, 3, 32, 32});
        }
        System.out.println("ok");
    }
}
