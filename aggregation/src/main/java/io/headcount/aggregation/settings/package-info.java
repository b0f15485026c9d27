/**
 * The aggregation's settings, one small class per concern with its keys, defaults, reader and
 * checks ({@link io.headcount.aggregation.settings.WindowOptions}, {@link
 * io.headcount.aggregation.settings.TopicOptions}, {@link
 * io.headcount.aggregation.settings.TrackOptions}, {@link
 * io.headcount.aggregation.settings.FusionOptions}, {@link
 * io.headcount.aggregation.settings.SuppressionOptions}), all read through core's {@code
 * OptionValues} by {@link io.headcount.aggregation.settings.SettingValues}. The app's package
 * composes them into {@code AggregationOptions}; the lower packages ({@code api}, {@code errors})
 * read what they need here without the topology's options. It depends only on {@code tracking} and
 * {@code domain} (the rules it builds), none of which depends on it, so the app's package depends
 * on the others and none of them on it.
 */
package io.headcount.aggregation.settings;
