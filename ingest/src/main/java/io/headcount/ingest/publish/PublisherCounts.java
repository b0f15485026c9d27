package io.headcount.ingest.publish;

/**
 * What happened to the frames handed to a publisher so far, over all cameras.
 *
 * @param sent frames the broker acknowledged
 * @param failed frames Kafka did not store (counted once their callback reported the error)
 * @param rejected frames too large for the topic even after downscaling; never sent
 * @param downscaled frames downscaled to fit the topic; they are also in {@code sent} or {@code
 *     failed}
 */
public record PublisherCounts(long sent, long failed, long rejected, long downscaled) {}
