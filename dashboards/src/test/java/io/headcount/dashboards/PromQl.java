package io.headcount.dashboards;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names and label names a PromQL expression reads. */
final class PromQl {

    /**
     * Series Prometheus makes itself rather than scraping them: {@code up} for each target, {@code
     * ALERTS} and {@code ALERTS_FOR_STATE} for the alerting rules.
     */
    static final Set<String> PROMETHEUS_OWN_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    /** Labels Prometheus adds to every scraped series (from prometheus.yml's scrape configs). */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern SELECTOR =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern LABEL_LIST =
            Pattern.compile(
                    "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "by",
                    "without",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "and",
                    "or",
                    "unless",
                    "bool",
                    "offset",
                    "inf",
                    "nan");

    private PromQl() {}

    /** The label names each metric's selector matches on, by metric name. */
    static Map<String, Set<String>> selectorLabels(String expression) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(STRINGS.matcher(expression).replaceAll("\"\""));
        while (selector.find()) {
            Set<String> names =
                    labels.computeIfAbsent(selector.group(1), m -> new LinkedHashSet<>());
            Matcher label = MATCHER_LABEL.matcher(selector.group(2));
            while (label.find()) {
                names.add(label.group(1));
            }
        }
        return labels;
    }

    /** The labels of the expression's {@code by}, {@code without}, {@code on}... clauses. */
    static Set<String> groupingLabels(String expression) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher list = LABEL_LIST.matcher(STRINGS.matcher(expression).replaceAll(""));
        while (list.find()) {
            for (String label : list.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    static Set<String> metricNames(String expression) {
        String stripped = STRINGS.matcher(expression).replaceAll("");
        stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            boolean function = identifier.group(1) != null;
            String name = identifier.group();
            boolean numberPart =
                    identifier.start() > 0
                            && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (!function && !numberPart && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
