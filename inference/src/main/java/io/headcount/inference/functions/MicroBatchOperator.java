package io.headcount.inference.functions;

import io.headcount.vision.onnx.FrameBatching;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * What the batching stages ({@link BatchingDetectOperator}, {@link BatchingDescribeOperator})
 * share: a queue of frames that runs when it holds {@link FrameBatching#maxFrames()} or its first
 * frame has waited {@link FrameBatching#maxWait()}, and before every watermark, checkpoint barrier
 * and the end of input, so that a checkpoint holds no queued frame and no frame falls behind the
 * watermark that followed it.
 */
abstract class MicroBatchOperator<OUT> extends AbstractStreamOperator<OUT> {

    private static final long serialVersionUID = 1L;

    protected final FrameBatching batching;

    /** Bumped at each run of the queue, so a wait set for an earlier batch does nothing. */
    private transient long batchNumber;

    MicroBatchOperator(FrameBatching batching) {
        if (!batching.enabled()) {
            throw new IllegalArgumentException(
                    "batching needs at least 2 frames per run; run frame by frame for 1");
        }
        this.batching = batching;
    }

    /** Frames queued now. */
    protected abstract int queued();

    /**
     * One model run over the queued frames; each leaves, in the order it came; empties the queue.
     */
    protected abstract void runBatch() throws Exception;

    /** After a frame joined the queue: runs a full queue, or starts the wait of a new batch. */
    protected final void joined() throws Exception {
        if (queued() >= batching.maxFrames()) {
            runQueue();
        } else if (queued() == 1) {
            long batch = batchNumber;
            long due =
                    getProcessingTimeService().getCurrentProcessingTime()
                            + batching.maxWait().toMillis();
            getProcessingTimeService()
                    .registerTimer(
                            due,
                            time -> {
                                if (batchNumber == batch) {
                                    runQueue();
                                }
                            });
        }
    }

    /** Runs the queue now, if it holds anything. */
    protected final void runQueue() throws Exception {
        if (queued() == 0) {
            return;
        }
        batchNumber++;
        runBatch();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        runQueue();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermark(WatermarkEvent watermark) throws Exception {
        runQueue();
        super.processWatermark(watermark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        runQueue();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        runQueue();
        super.finish();
    }
}
