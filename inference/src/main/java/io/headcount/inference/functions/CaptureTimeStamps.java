package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Makes a decoded frame's capture time its event timestamp, and passes the source's watermarks on
 * untouched. The watermarks come from the Kafka source, per partition, on the records' Kafka
 * timestamps; the gateway sets those to the capture time, but a topic with {@code LogAppendTime} or
 * another producer could not, and then the capture time, not the Kafka timestamp, is the event
 * time. A plain {@code assignTimestampsAndWatermarks} cannot do this: it would drop the
 * per-partition watermarks of the source and make its own per subtask.
 *
 * <p>A frame whose capture time is not after the current watermark is counted in {@value
 * #BEHIND_WATERMARK_METRIC} (it still goes on): a steady count means the Kafka timestamps run ahead
 * of the capture times or frames arrive later than {@code watermark.out-of-orderness.ms} allows.
 */
public final class CaptureTimeStamps extends AbstractStreamOperator<DecodedFrame>
        implements OneInputStreamOperator<DecodedFrame, DecodedFrame> {

    private static final long serialVersionUID = 1L;

    public static final String BEHIND_WATERMARK_METRIC = "framesBehindWatermark";

    private transient Counter behindWatermark;
    private transient long watermark;

    @Override
    public void open() throws Exception {
        super.open();
        behindWatermark = getMetricGroup().counter(BEHIND_WATERMARK_METRIC);
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) {
        long captureTime = element.getValue().frame().captureTime();
        if (captureTime <= watermark) {
            behindWatermark.inc();
        }
        output.collect(element.replace(element.getValue(), captureTime));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }
}
