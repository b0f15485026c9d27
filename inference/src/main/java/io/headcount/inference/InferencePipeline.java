package io.headcount.inference;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * The three outputs of the inference pipeline, before any sink is attached.
 *
 * @param observations one record per detected face with its track id, keyed by camera id
 * @param framesProcessed one record per frame that got through detection (faces = its number of
 *     observations, possibly 0) and one per end of stream; a camera's records stay in capture order
 * @param deadLetters one record per input record that could not be used
 */
public record InferencePipeline(
        KeyedStream<FaceObservation, String> observations,
        DataStream<FrameProcessed> framesProcessed,
        DataStream<DeadLetter> deadLetters) {}
