package io.headcount.dashboards;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands what Grafana's PostgreSQL datasource expands before it sends a panel's SQL: the time
 * macros, and template variables (a multi-value variable becomes a quoted, comma-separated list).
 */
final class GrafanaSql {

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)\\}?");

    private GrafanaSql() {}

    static String expand(
            String sql, Instant from, Instant to, Map<String, List<String>> variables) {
        String expanded =
                TIME_FILTER
                        .matcher(sql)
                        .replaceAll(
                                match ->
                                        Matcher.quoteReplacement(
                                                match.group(1)
                                                        + " BETWEEN "
                                                        + timestamp(from)
                                                        + " AND "
                                                        + timestamp(to)));
        expanded =
                expanded.replace("$__timeFrom()", timestamp(from))
                        .replace("$__timeTo()", timestamp(to));
        Matcher variable = VARIABLE.matcher(expanded);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            List<String> values = variables.get(variable.group(1));
            if (values == null) {
                throw new IllegalArgumentException(
                        "Unknown variable or macro $" + variable.group(1) + " in: " + sql);
            }
            variable.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            values.stream()
                                    .map(value -> "'" + value.replace("'", "''") + "'")
                                    .collect(Collectors.joining(","))));
        }
        variable.appendTail(out);
        return out.toString();
    }

    private static String timestamp(Instant instant) {
        return "'" + instant + "'::timestamptz";
    }
}
