/**
 * The names and readers of the aggregation settings that the lower packages need ({@code api},
 * {@code errors}) without the topology's options. It depends on no other aggregation package, so
 * the app's package ({@code AggregationApp}, {@code AggregationConfig}, {@code AggregationOptions},
 * {@code AudienceTopology}) depends on the others and none of them on it.
 */
package io.headcount.aggregation.settings;
