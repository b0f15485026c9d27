package io.headcount.aggregation.settings;

/**
 * The prefix of the aggregation's own settings ({@code headcount.aggregation.*}). Each concern
 * declares its keys and defaults in its own class: {@link WindowOptions}, {@link TopicOptions},
 * {@link TrackOptions}, {@link FusionOptions}, {@link SuppressionOptions}, and the HTTP API's in
 * {@code api.ApiSettings}.
 */
public final class SettingKeys {

    /** Every aggregation setting starts with it. */
    public static final String PREFIX = "headcount.aggregation.";

    private SettingKeys() {}
}
