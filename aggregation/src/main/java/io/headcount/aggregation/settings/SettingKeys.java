package io.headcount.aggregation.settings;

/**
 * Names of the aggregation's own settings ({@code headcount.aggregation.*}) that packages below the
 * app read without the topology's options: the HTTP API's and the input topics, which the
 * dead-letter handlers need. {@code AggregationOptions} holds every setting and reads these too.
 */
public final class SettingKeys {

    /** Every aggregation setting starts with it. */
    public static final String PREFIX = "headcount.aggregation.";

    /**
     * Observations input topic; default {@code face-observations}. A replay of a candidate model
     * uses another.
     */
    public static final String INPUT_TOPIC = PREFIX + "input.topic";

    /** Processed frames input topic; default {@code frames-processed}. */
    public static final String FRAMES_TOPIC = PREFIX + "frames.topic";

    private SettingKeys() {}
}
