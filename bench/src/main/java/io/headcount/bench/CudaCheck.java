package io.headcount.bench;

import io.headcount.vision.detect.DetectorSettings;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.onnx.ModelLoadException;
import io.headcount.vision.onnx.OnnxModel;
import io.headcount.vision.onnx.OnnxSettings;
import io.headcount.vision.settings.FaceAnalysisOptions;
import java.nio.file.Path;

/**
 * Whether ONNX Runtime's CUDA provider starts here: opens the detector on CUDA and runs it on a
 * 640x384 input. Prints one line and exits 0 when it runs, prints why not and exits 1 otherwise.
 * {@code bench/gpu-check.sh} runs it before the benchmarks:
 *
 * <pre>java -cp app/target/headcount-app.jar io.headcount.bench.CudaCheck [device]</pre>
 */
public final class CudaCheck {

    private static final int RUNS = 20;

    private CudaCheck() {}

    public static void main(String[] args) {
        int device = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        DetectorSettings detector = FaceAnalysisOptions.defaults().detector();
        OnnxSettings cuda =
                detector.onnx().withExecutionProvider(OnnxSettings.ExecutionProvider.CUDA, device);
        float[] input = new float[3 * 384 * 640];
        long[] shape = {1, 3, 384, 640};
        try (OnnxModel model =
                OnnxModel.load(detector.model(), Path.of(detector.modelDirectory()), cuda)) {
            long start = System.nanoTime();
            model.run(YuNetModel.INPUT, input, shape);
            double firstMillis = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                model.run(YuNetModel.INPUT, input, shape);
            }
            double millis = (System.nanoTime() - start) / 1e6 / RUNS;
            System.out.printf(
                    "CUDA provider runs on device %d: %s on %s, first run %.1f ms, then %.2f ms per run (640x384, outputs copied back)%n",
                    device, model.spec().version(), model.executionProvider(), firstMillis, millis);
        } catch (ModelLoadException e) {
            System.err.println("CUDA provider does not run: " + e.getMessage());
            System.exit(1);
        }
    }
}
