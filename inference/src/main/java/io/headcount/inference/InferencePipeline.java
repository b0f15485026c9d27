package io.headcount.inference;

import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * The two outputs of the inference pipeline, before any sink is attached.
 *
 * @param observations one record per detected face, keyed by camera id (per-camera stages such as
 *     tracking attach here)
 * @param deadLetters one record per input record that could not be used
 */
public record InferencePipeline(
    KeyedStream<FaceObservation, String> observations, DataStream<DeadLetter> deadLetters) {}
