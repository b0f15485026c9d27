package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the aggregation's packages run one way: the app's package on top, {@code
 * tracking} → {@code counting} → {@code domain}, and {@code api} and {@code errors} read settings
 * from {@code settings}, never from the app's package. Read from the imports of the main sources.
 */
class PackageDependenciesTest {

    private static final String ROOT = "io.headcount.aggregation";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^import (?:static )?(" + Pattern.quote(ROOT) + "[\\w.]*);");

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> uses = dependencies(Path.of("src/main/java"));
        assertThat(uses).containsKeys(ROOT, ROOT + ".counting", ROOT + ".tracking");

        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycle(start, start, uses, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).isEmpty();
    }

    private static void findCycle(
            String start,
            String at,
            Map<String, Set<String>> uses,
            List<String> path,
            List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                findCycle(start, next, uses, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Map<String, Set<String>> dependencies(Path sources) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find()) {
                    continue;
                }
                String from = declared.group(1);
                Set<String> to = uses.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    String target = packageOf(imported.group(1));
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        return uses;
    }

    /** The package of an imported name: its segments up to the first capitalised one. */
    private static String packageOf(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }
}
