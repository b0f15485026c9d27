package io.headcount.inference.functions;

import io.headcount.inference.frame.BgrImage;
import io.headcount.inference.frame.FrameDecoder;
import io.headcount.inference.frame.FrameRejectedException;
import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.inference.records.RawRecord;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.codec.RecordDecodingException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes a raw {@code frames} record: the Avro {@link FrameEvent}, then its JPEG. A record that
 * fails either step becomes a {@link DeadLetter} on {@link #DEAD_LETTERS} with the reason code, and
 * the {@value #DEAD_LETTER_METRIC} counter of that reason goes up; nothing is dropped silently and
 * nothing fails the job.
 *
 * <p>An end-of-stream event (a finite source ended) is not a bad record: it has no image by design,
 * so it passes on without JPEG decoding, in order behind the camera's last frame.
 *
 * <p>The time to decode a frame (Avro and JPEG) goes into the histogram {@value
 * StageMetrics#STAGE_TIME}; ends of stream and dead letters are not timed.
 */
public final class DecodeFrameFunction extends ProcessFunction<RawRecord, DecodedFrame> {

    private static final long serialVersionUID = 1L;

    /** The {@code stage} of this function's dead letters. */
    public static final String STAGE = "inference/decode-frame";

    /** Counter of dead letters, in a metric group {@value #REASON_GROUP} = reason code. */
    public static final String DEAD_LETTER_METRIC = "deadLetters";

    public static final String REASON_GROUP = "reason";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final long maxPixels;
    private final CaptureTimeRule captureTimes;

    private transient AvroCodec<FrameEvent> codec;
    private transient FrameDecoder decoder;
    private transient MetricGroup metrics;
    private transient Map<String, Counter> deadLetters;
    private transient Histogram stageTime;

    public DecodeFrameFunction(long maxPixels) {
        this(maxPixels, CaptureTimeRule.defaults());
    }

    /** Also refuses capture times outside {@code captureTimes} (see {@link CaptureTimeRule}). */
    public DecodeFrameFunction(long maxPixels, CaptureTimeRule captureTimes) {
        this.maxPixels = maxPixels;
        this.captureTimes = captureTimes;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(FrameEvent.class);
        decoder = new FrameDecoder(maxPixels);
        metrics = getRuntimeContext().getMetricGroup();
        deadLetters = new HashMap<>();
        stageTime = StageMetrics.stageTime(metrics);
        // Registered up front so dashboards show a zero rather than no series.
        for (RecordDecodingException.Reason reason : RecordDecodingException.Reason.values()) {
            counter(reason.name());
        }
        for (FrameRejectedException.Reason reason : FrameRejectedException.Reason.values()) {
            counter(reason.name());
        }
        counter(CaptureTimeRule.IN_FUTURE);
        counter(CaptureTimeRule.BEFORE_HORIZON);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<DecodedFrame> out) {
        long start = System.nanoTime();
        FrameEvent event;
        try {
            event = codec.decode(record.value());
        } catch (RecordDecodingException e) {
            reject(record, e.reason().name(), e.getMessage(), context);
            return;
        }
        var badTime =
                captureTimes.violation(
                        event.getCaptureTime().toEpochMilli(), System.currentTimeMillis());
        if (badTime.isPresent()) {
            reject(record, badTime.get().reason(), badTime.get().detail(), context);
            return;
        }
        if (event.getEndOfStream()) {
            out.collect(DecodedFrame.endOfStream(FrameInfo.of(event)));
            return;
        }
        try {
            BgrImage image =
                    decoder.decode(bytes(event.getJpeg()), event.getWidth(), event.getHeight());
            stageTime.update(StageMetrics.microsSince(start));
            out.collect(new DecodedFrame(FrameInfo.of(event), image));
        } catch (FrameRejectedException e) {
            reject(record, e.reason().name(), e.getMessage(), context);
        }
    }

    private void reject(RawRecord record, String reason, String detail, Context context) {
        counter(reason).inc();
        context.output(
                DEAD_LETTERS,
                DeadLetters.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value(),
                        STAGE,
                        reason,
                        detail));
    }

    private Counter counter(String reason) {
        return deadLetters.computeIfAbsent(
                reason, code -> metrics.addGroup(REASON_GROUP, code).counter(DEAD_LETTER_METRIC));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
