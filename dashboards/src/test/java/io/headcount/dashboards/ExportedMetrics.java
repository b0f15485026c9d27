package io.headcount.dashboards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics the services export, with the label names of their series, read from their {@code
 * /metrics} scrapes; judges whether a PromQL expression (a panel's, an alerting rule's) reads only
 * those.
 */
final class ExportedMetrics {

    private static final Pattern SAMPLE =
            Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private final Map<String, Set<String>> labelsByMetric;

    private ExportedMetrics(Map<String, Set<String>> labelsByMetric) {
        this.labelsByMetric = labelsByMetric;
    }

    static ExportedMetrics fromScrapes(Collection<String> scrapes) {
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String scrape : scrapes) {
            Matcher sample = SAMPLE.matcher(scrape);
            while (sample.find()) {
                Set<String> names = labels.computeIfAbsent(sample.group(1), m -> new TreeSet<>());
                if (sample.group(2) != null) {
                    // Label values are quoted; a name is what stands before =" outside a value.
                    Matcher label =
                            LABEL.matcher(
                                    sample.group(2).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
                    while (label.find()) {
                        names.add(label.group(1));
                    }
                }
            }
        }
        return new ExportedMetrics(labels);
    }

    Set<String> metrics() {
        return labelsByMetric.keySet();
    }

    /**
     * What {@code expression} reads that no service exports: a metric, a label a selector matches
     * on that the metric's series lack, or a grouping label none of the expression's metrics has.
     * Prometheus's own series and target labels count as exported.
     */
    List<String> missingFrom(String expression) {
        List<String> missing = new ArrayList<>();
        Set<String> scraped = new TreeSet<>();
        for (String metric : PromQl.metricNames(expression)) {
            if (PromQl.PROMETHEUS_OWN_SERIES.contains(metric)) {
                continue;
            }
            if (labelsByMetric.containsKey(metric)) {
                scraped.add(metric);
            } else {
                missing.add("metric " + metric);
            }
        }
        PromQl.selectorLabels(expression)
                .forEach(
                        (metric, labels) -> {
                            if (scraped.contains(metric)) {
                                for (String label : labels) {
                                    if (!hasLabel(metric, label)) {
                                        missing.add("label " + label + " of " + metric);
                                    }
                                }
                            }
                        });
        boolean ownSeriesOnly = scraped.isEmpty();
        for (String label : PromQl.groupingLabels(expression)) {
            if (!ownSeriesOnly && scraped.stream().noneMatch(metric -> hasLabel(metric, label))) {
                missing.add("grouping label " + label + " on any of " + scraped);
            }
        }
        return missing;
    }

    private boolean hasLabel(String metric, String label) {
        return PromQl.TARGET_LABELS.contains(label) || labelsByMetric.get(metric).contains(label);
    }
}
