package io.headcount.app.replay;

/**
 * What a replay wrote to its shadow topics.
 *
 * @param topics the candidate's shadow topics
 * @param cameras cameras with frames in the range
 * @param frames frames processed (ends of stream not counted)
 * @param observations face observations
 * @param windows windows the aggregation emitted
 * @param visitors visitors of those windows
 * @param tracks track summaries written
 * @param millis wall-clock time of the replay
 */
public record ReplayResult(
        ShadowTopics topics,
        int cameras,
        long frames,
        long observations,
        int windows,
        long visitors,
        int tracks,
        long millis) {}
