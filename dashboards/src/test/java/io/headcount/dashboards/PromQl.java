package io.headcount.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads. */
final class PromQl {

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
