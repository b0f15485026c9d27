package io.headcount.aggregation.tracking;

import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.metrics.CameraHealth;
import io.headcount.aggregation.validation.FrameProcessedTimeExtractor;
import io.headcount.schemas.FrameProcessed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
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
 * <p>A released frame goes on as one {@link CameraInput.WholeFrame} record (at its first record's
 * event time), in which each record keeps its event time (an observation's frame time, a processed
 * frame's as in {@link FrameProcessedTimeExtractor}). A frame complete on arrival, the usual case,
 * is forwarded at once, without a store write; the store's cache absorbs the put and delete of a
 * frame that waited briefly.
 */
public final class FrameAssembler implements Processor<String, CameraInput, String, CameraInput> {

    private final String storeName;
    private final Duration endOfStreamLead;

    private ProcessorContext<String, CameraInput> context;
    private KeyValueStore<String, PendingFrame> store;
    private Counter withoutFrame;
    private Counter shortOfObservations;
    private CameraHealth health;

    /**
     * The store's content by camera ({@code site/camera/}), in key order: read once in {@link
     * #init} (after a restart or a restored task, from the restored store) and then kept in step
     * with every put and delete. Lookups and the walk over a camera's frames read it instead of the
     * store, so no pending frame is decoded again and no store iterator is opened per frame.
     */
    private final Map<String, NavigableMap<String, PendingFrame>> pendingByCamera = new HashMap<>();

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
        pendingByCamera.clear();
        try (KeyValueIterator<String, PendingFrame> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PendingFrame> frame = all.next();
                String camera = frame.key.substring(0, frame.key.lastIndexOf('/') + 1);
                pendingByCamera
                        .computeIfAbsent(camera, c -> new TreeMap<>())
                        .put(frame.key, frame.value);
            }
        }
        MeterRegistry registry = AggregationMetrics.registryFrom(context.appConfigs());
        withoutFrame = AggregationMetrics.incompleteFrames(registry, "no-processed-frame");
        shortOfObservations = AggregationMetrics.incompleteFrames(registry, "missing-observations");
        health = CameraHealth.from(context.appConfigs());
    }

    @Override
    public void process(Record<String, CameraInput> record) {
        SiteCamera cell = cellOf(record.value());
        if (health != null) {
            // On arrival, before frame order: the health line is about when records come in.
            boolean frame = record.value() instanceof CameraInput.Frame;
            health.seen(
                    cell.site(),
                    cell.camera(),
                    frameTimeOf(record.value()),
                    frame,
                    frame && ((CameraInput.Frame) record.value()).frame().getEndOfStream(),
                    context.currentSystemTimeMs());
        }
        String key = key(cell, record.value());
        NavigableMap<String, PendingFrame> frames =
                pendingByCamera.computeIfAbsent(cell.key() + "/", camera -> new TreeMap<>());
        PendingFrame pending = frames.get(key);
        boolean inStore = pending != null;
        if (pending == null) {
            pending = PendingFrame.empty();
            frames.put(key, pending);
        }
        pending.add(record.value());
        if (!pending.isComplete() || !key.equals(frames.firstKey())) {
            store.put(key, pending);
            inStore = true;
        }
        if (pending.isComplete()) {
            releaseReadyFrames(frames, pending, inStore ? null : key);
        }
        if (frames.isEmpty()) {
            pendingByCamera.remove(cell.key() + "/");
        }
    }

    /**
     * Forwards, in key order, the longest run of the camera's pending frames that can go: complete
     * ones, and incomplete ones whose missing records a later complete frame proves will not come.
     *
     * @param frames the camera's pending frames, in key order
     * @param completed the frame that has just become complete
     * @param notInStore the key of a frame that was never put into the store (complete on arrival
     *     with nothing waiting before it), or null
     */
    private void releaseReadyFrames(
            NavigableMap<String, PendingFrame> frames, PendingFrame completed, String notInStore) {
        List<Map.Entry<String, PendingFrame>> pending = new ArrayList<>(frames.size());
        for (Map.Entry<String, PendingFrame> frame : frames.entrySet()) {
            if (pending.isEmpty()
                    && frame.getValue().hasFrame()
                    && !frame.getValue().isComplete()
                    && !completed.witnessesEarlierObservations()) {
                // The first frame waits for observations, and only a later one with a face
                // can tell it they will not come: nothing moves (and while processed frames
                // run ahead of observations, no walk over all that wait).
                return;
            }
            pending.add(frame);
        }
        int lastComplete = -1;
        int lastWitness = -1;
        for (int i = 0; i < pending.size(); i++) {
            PendingFrame frame = pending.get(i).getValue();
            if (frame.isComplete()) {
                lastComplete = i;
                if (frame.witnessesEarlierObservations()) {
                    lastWitness = i;
                }
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingFrame frame = pending.get(i).getValue();
            if (frame.isComplete()) {
                release(frames, pending.get(i), notInStore);
            } else if (!frame.hasFrame() && i < lastComplete) {
                withoutFrame.increment();
                release(frames, pending.get(i), notInStore);
            } else if (frame.hasFrame() && i < lastWitness) {
                shortOfObservations.increment();
                release(frames, pending.get(i), notInStore);
            } else {
                return;
            }
        }
    }

    private void release(
            NavigableMap<String, PendingFrame> frames,
            Map.Entry<String, PendingFrame> pending,
            String notInStore) {
        if (!pending.getKey().equals(notInStore)) {
            // A put of null deletes without reading (and decoding) the old value, as delete would.
            store.put(pending.getKey(), null);
        }
        frames.remove(pending.getKey());
        List<CameraInput> inputs = pending.getValue().inOrder();
        List<CameraInput.Timed> timed = new ArrayList<>(inputs.size());
        for (CameraInput input : inputs) {
            timed.add(new CameraInput.Timed(input, eventTime(input)));
        }
        context.forward(
                new Record<>(
                        cameraOf(inputs.get(0)),
                        new CameraInput.WholeFrame(timed),
                        timed.get(0).eventTime()));
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
        return cell.key() + "/" + SiteCamera.fixedWidthHex(frameTime);
    }

    private static long frameTimeOf(CameraInput input) {
        return input instanceof CameraInput.Observation seen
                ? seen.observation().getFrameTime().toEpochMilli()
                : ((CameraInput.Frame) input).frame().getFrameTime().toEpochMilli();
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
