package io.headcount.dashboards;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Prometheus rules file as Prometheus reads it: groups of alerting rules. Loading checks the
 * shape Prometheus requires (and nothing it would reject silently: unknown keys fail here too).
 */
record AlertRules(List<Rule> rules) {

    /** One alerting rule of group {@code group}; {@code forDuration} is null when absent. */
    record Rule(
            String group,
            String alert,
            String expr,
            String forDuration,
            Map<String, String> labels,
            Map<String, String> annotations) {}

    private static final List<String> GROUP_KEYS = List.of("name", "interval", "rules");
    private static final List<String> RULE_KEYS =
            List.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    static AlertRules load(Path file) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Map<String, Object> top = map(root, file.getFileName().toString());
        require(top.keySet().equals(java.util.Set.of("groups")), "only 'groups' at the top");
        List<Rule> rules = new ArrayList<>();
        for (Object groupNode : list(top.get("groups"), "groups")) {
            Map<String, Object> group = map(groupNode, "group");
            String name = text(group.get("name"), "group name");
            require(GROUP_KEYS.containsAll(group.keySet()), "keys of group " + name);
            for (Object ruleNode : list(group.get("rules"), "rules of " + name)) {
                Map<String, Object> rule = map(ruleNode, "rule of " + name);
                require(RULE_KEYS.containsAll(rule.keySet()), "keys of a rule of " + name);
                String alert = text(rule.get("alert"), "alert of a rule of " + name);
                rules.add(
                        new Rule(
                                name,
                                alert,
                                text(rule.get("expr"), "expr of " + alert),
                                rule.containsKey("for")
                                        ? text(rule.get("for"), "for of " + alert)
                                        : null,
                                strings(rule.get("labels"), "labels of " + alert),
                                strings(rule.get("annotations"), "annotations of " + alert)));
            }
        }
        return new AlertRules(rules);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("Malformed rules file: " + what);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        require(node instanceof Map, what + " is a mapping");
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node, String what) {
        require(node instanceof List<?> items && !items.isEmpty(), what + " is a non-empty list");
        return (List<?>) node;
    }

    private static String text(Object node, String what) {
        require(node instanceof String value && !value.isBlank(), what + " is a non-blank string");
        return (String) node;
    }

    private static Map<String, String> strings(Object node, String what) {
        if (node == null) {
            return Map.of();
        }
        Map<String, Object> values = map(node, what);
        values.forEach((key, value) -> text(value, what + "." + key));
        @SuppressWarnings("unchecked")
        Map<String, String> strings = (Map<String, String>) (Map<String, ?>) values;
        return strings;
    }
}
