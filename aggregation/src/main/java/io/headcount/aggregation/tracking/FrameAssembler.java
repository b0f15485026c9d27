package io.headcount.aggregation.tracking;

import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.validation.FrameProcessedTimeExtractor;
import io.headcount.schemas.FrameProcessed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Puts each camera's two inputs into one order that does not depend on how Kafka Streams fetched
 * them: frame by frame, each frame's observations and then its processed-frame record, forwarded
 * only once the frame is <em>complete</em> (its {@code frames-processed} record has arrived, with
 * as many observations as its {@code faces}).
 *
 * <p>Why: the inference job writes a frame's observations and its processed-frame record in one
 * transaction, but the two topics are fetched separately, so either may reach the task seconds
 * ahead of the other. Taken in arrival order, processed frames running ahead would move the
 * camera's time on and make its observations late (lost from windows, or cut off from their
 * tracks), and observations running ahead would join tracks that their camera's frames should have
 * closed first. Waiting for complete frames makes the tracker's input, and so everything after it,
 * a function of the two topics' contents alone: a replay or a restart gives the same outputs.
 *
 * <p>A camera's frames wait in the pending-frames store, keyed {@code site/camera/frameTime}
 * (fixed-width hex, so keys sort by frame time; valid frame times are never negative) and are
 * released in that order, a complete frame with every frame before it. Per camera, the inference
 * job writes both topics in frame order, so a complete frame also proves which earlier records will
 * never come: an earlier frame without its processed-frame record (it was dead-lettered) once any
 * later frame is complete, an earlier frame short of observations (one was dead-lettered) once a
 * later complete frame has an observation of its own (an end of stream proves nothing: the last
 * observations may still be on their way). Such frames are released as they are, and counted in
 * {@value AggregationMetrics#INCOMPLETE_FRAMES}. Until then the camera's later frames wait too: a
 * camera whose observation was dead-lettered (corrupt bytes) counts on only from its next face. A
 * producer that writes observations but no processed frames is not supported: its observations
 * would wait for ever.
 *
 * <p>Forwarded records keep their event time (an observation's frame time, a processed frame's as
 * in {@link FrameProcessedTimeExtractor}). A frame complete on arrival, the usual case, is
 * forwarded at once; the store's cache absorbs the put and delete of a frame that waited briefly.
 */
public final class FrameAssembler implements Processor<String, CameraInput, String, CameraInput> {

    private final String storeName;
    private final Duration endOfStreamLead;

    private ProcessorContext<String, CameraInput> context;
    private KeyValueStore<String, PendingFrame> store;
    private Counter withoutFrame;
    private Counter shortOfObservations;

    /**
     * @param storeName the pending-frames store, keyed as in {@link #key}
     * @param endOfStreamLead as given to {@link FrameProcessedTimeExtractor}
     */
    public FrameAssembler(String storeName, Duration endOfStreamLead) {
        this.storeName = storeName;
        this.endOfStreamLead = endOfStreamLead;
    }

    @Override
    public void init(ProcessorContext<String, CameraInput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        MeterRegistry registry = AggregationMetrics.registryFrom(context.appConfigs());
        withoutFrame = AggregationMetrics.incompleteFrames(registry, "no-processed-frame");
        shortOfObservations = AggregationMetrics.incompleteFrames(registry, "missing-observations");
    }

    @Override
    public void process(Record<String, CameraInput> record) {
        SiteCamera cell = cellOf(record.value());
        String key = key(cell, record.value());
        PendingFrame pending = store.get(key);
        if (pending == null) {
            pending = PendingFrame.empty();
        }
        pending.add(record.value());
        if (!pending.isComplete()) {
            store.put(key, pending);
            return;
        }
        store.put(key, pending);
        releaseReadyFrames(cell, pending);
    }

    /**
     * Forwards, in key order, the longest run of the camera's pending frames that can go: complete
     * ones, and incomplete ones whose missing records a later complete frame proves will not come.
     *
     * @param completed the frame that has just become complete
     */
    private void releaseReadyFrames(SiteCamera cell, PendingFrame completed) {
        List<KeyValue<String, PendingFrame>> pending = new ArrayList<>();
        try (KeyValueIterator<String, PendingFrame> frames =
                store.prefixScan(cell.key() + "/", new StringSerializer())) {
            while (frames.hasNext()) {
                KeyValue<String, PendingFrame> frame = frames.next();
                if (pending.isEmpty()
                        && frame.value.hasFrame()
                        && !frame.value.isComplete()
                        && !completed.witnessesEarlierObservations()) {
                    // The first frame waits for observations, and only a later one with a face
                    // can tell it they will not come: nothing moves (and while processed frames
                    // run ahead of observations, no scan of all that wait).
                    return;
                }
                pending.add(frame);
            }
        }
        int lastComplete = -1;
        int lastWitness = -1;
        for (int i = 0; i < pending.size(); i++) {
            PendingFrame frame = pending.get(i).value;
            if (frame.isComplete()) {
                lastComplete = i;
                if (frame.witnessesEarlierObservations()) {
                    lastWitness = i;
                }
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingFrame frame = pending.get(i).value;
            if (frame.isComplete()) {
                release(pending.get(i));
            } else if (!frame.hasFrame() && i < lastComplete) {
                withoutFrame.increment();
                release(pending.get(i));
            } else if (frame.hasFrame() && i < lastWitness) {
                shortOfObservations.increment();
                release(pending.get(i));
            } else {
                return;
            }
        }
    }

    private void release(KeyValue<String, PendingFrame> pending) {
        store.delete(pending.key);
        for (CameraInput input : pending.value.inOrder()) {
            context.forward(new Record<>(cameraOf(input), input, eventTime(input)));
        }
    }

    private long eventTime(CameraInput input) {
        if (input instanceof CameraInput.Observation seen) {
            return seen.observation().getFrameTime().toEpochMilli();
        }
        return FrameProcessedTimeExtractor.eventTime(
                ((CameraInput.Frame) input).frame(), endOfStreamLead);
    }

    /**
     * {@code site/camera/frameTime}, the time in fixed-width hex so keys sort by it. Not the
     * sequence number: a frame's records always agree on its time, and two frames of one camera at
     * the same millisecond may as well be one.
     */
    static String key(SiteCamera cell, CameraInput input) {
        long frameTime =
                input instanceof CameraInput.Observation seen
                        ? seen.observation().getFrameTime().toEpochMilli()
                        : ((CameraInput.Frame) input).frame().getFrameTime().toEpochMilli();
        return cell.key() + "/" + String.format("%016x", frameTime);
    }

    static SiteCamera cellOf(CameraInput input) {
        if (input instanceof CameraInput.Observation seen) {
            return new SiteCamera(seen.observation().getSite(), seen.observation().getCamera());
        }
        FrameProcessed frame = ((CameraInput.Frame) input).frame();
        return new SiteCamera(frame.getSite(), frame.getCamera());
    }

    private static String cameraOf(CameraInput input) {
        return cellOf(input).camera();
    }
}
