package io.headcount.vision.attributes;

import io.headcount.vision.models.ModelEntry;
import io.headcount.vision.onnx.OnnxModel;

/** face-api.js expression: {@code expression [N,K]} softmax over the manifest's K labels. */
public final class ExpressionHead implements AttributeHead {

    public static final String ROLE = "expression";
    public static final String OUTPUT = "expression";

    private final BatchedModel model;
    private final FaceCrop crop;
    private final float cropScale;
    private final int classes;

    private ExpressionHead(BatchedModel model, FaceCrop crop, float cropScale, int classes) {
        this.model = model;
        this.crop = crop;
        this.cropScale = cropScale;
        this.classes = classes;
    }

    public static ExpressionHead open(ModelEntry entry, AttributeSettings settings) {
        entry.requireInput("NCHW", "RGB", "0..255");
        entry.requireOutput(OUTPUT, "softmax", null);
        int classes = entry.spec().shapes().get(OUTPUT).get(1).intValue();
        entry.require("number of labels of output " + OUTPUT, classes, entry.labels(OUTPUT).size());
        int size = entry.input().dimension(2);
        entry.require("input height and width", size, entry.input().dimension(3));
        OnnxModel model = settings.load(entry);
        return new ExpressionHead(
                new BatchedModel(model, entry.input().name(), settings.maxBatch()),
                new FaceCrop(size, settings.cropScale()),
                settings.cropScale(),
                classes);
    }

    @Override
    public String role() {
        return ROLE;
    }

    @Override
    public String modelVersion() {
        return model.version();
    }

    @Override
    public void describe(FaceBatch batch, AttributeValues[] into) {
        model.run(
                batch.crops(crop),
                batch.size(),
                crop.size(),
                (first, count, outputs) -> {
                    float[] expression = outputs.get(OUTPUT);
                    for (int i = 0; i < count; i++) {
                        into[first + i].expressions =
                                java.util.Arrays.copyOfRange(
                                        expression, i * classes, (i + 1) * classes);
                    }
                });
    }

    @Override
    public long lastModelNanos() {
        return model.lastNanos();
    }

    @Override
    public void close() {
        model.close();
    }
}
