package io.headcount.vision.detect;

import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/** The contract of the YuNet-n face detector with dynamic input size (shared/models/MODELS.md). */
public final class YuNetModel {

    public static final String INPUT = "input";

    /** Strides of the three detection heads, finest first. */
    public static final List<Integer> STRIDES = List.of(8, 16, 32);

    /** Head names; each is suffixed with {@code _<stride>}. */
    public static final List<String> HEADS = List.of("cls", "obj", "bbox", "kps");

    public static final ModelSpec SPEC =
            new ModelSpec(
                    "yunet-n",
                    "det_yunet_n_dynamic.onnx",
                    "104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12",
                    List.of(INPUT),
                    outputNames());

    /**
     * The detector's role: in model manifests, {@code modelVersions} and the model-time metrics.
     */
    public static final String ROLE = "detector";

    private YuNetModel() {}

    /**
     * The spec of a manifest's detector, after checking that the manifest describes what {@link
     * Letterbox} feeds and {@link YuNetDecoder} reads.
     */
    public static ModelSpec fromManifest(ModelEntry entry) {
        entry.requireInput("NCHW", "BGR", "0..255");
        entry.require("input name", INPUT, entry.input().name());
        entry.require(
                "outputs",
                new java.util.TreeSet<>(SPEC.outputs()),
                new java.util.TreeSet<>(entry.outputs().keySet()));
        return entry.spec();
    }

    /** The name of a head's output at a stride, e.g. {@code bbox_16}. */
    public static String output(String head, int stride) {
        return head + "_" + stride;
    }

    private static List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (String head : HEADS) {
            for (int stride : STRIDES) {
                names.add(output(head, stride));
            }
        }
        return names;
    }
}
