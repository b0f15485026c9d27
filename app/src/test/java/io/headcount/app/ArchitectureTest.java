package io.headcount.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked over the main classes of every module (the
 * launcher's test class path holds them all). A module is the package {@code io.headcount.<name>};
 * each rule's description names it, so a failure says which rule broke and where.
 */
class ArchitectureTest {

    private static final String ROOT = "io.headcount";

    /** Which of our modules each module may import; {@code app} may import every module. */
    static final Map<String, Set<String>> ALLOWED = allowedImports();

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT);
    }

    @Test
    void everyModuleIsCheckedAndFound() {
        Set<String> found = new TreeSet<>();
        for (JavaClass type : classes) {
            found.add(moduleOf(type.getPackageName()));
        }
        assertThat(found)
                .as("modules on the launcher's class path")
                .containsAll(List.of("schemas", "core", "vision", "inference", "aggregation"));
        assertThat(ALLOWED.keySet()).as("a rule for every module found").containsAll(found);
    }

    @Test
    void noPackageCyclesInAnyModule() {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            rules.add(
                    slices().assignedFrom(topPackagesOf(module))
                            .should()
                            .beFreeOfCycles()
                            .allowEmptyShould(true)
                            .as("no package cycles in module " + module));
        }
        checkEach(rules);
    }

    @Test
    void visionIsEngineFree() {
        check(
                noClasses()
                        .that()
                        .resideInAPackage(ROOT + ".vision..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "org.apache.flink..", "org.apache.kafka..", "org.apache.avro..")
                        .as("vision imports nothing from Flink, Kafka, Kafka Streams or Avro"));
    }

    @Test
    void schemasImportNoEngine() {
        check(
                noClasses()
                        .that()
                        .resideInAPackage(ROOT + ".schemas..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.apache.flink..", "org.apache.kafka.streams..")
                        .as("schemas imports no engine (Flink, Kafka Streams)"));
    }

    @Test
    void theJobAndTheStreamsAppDoNotKnowEachOther() {
        check(
                noClasses()
                        .that()
                        .resideInAPackage(ROOT + ".inference..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(ROOT + ".aggregation..", ROOT + ".ingest..")
                        .as("inference imports neither aggregation nor ingest"));
        check(
                noClasses()
                        .that()
                        .resideInAPackage(ROOT + ".aggregation..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(ROOT + ".inference..")
                        .as("aggregation does not import inference"));
    }

    @Test
    void eachModuleImportsOnlyTheModulesBelowIt() {
        List<ArchRule> rules = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : ALLOWED.entrySet()) {
            String module = entry.getKey();
            if (module.equals("app")) {
                continue;
            }
            List<String> forbidden = new ArrayList<>();
            for (String other : ALLOWED.keySet()) {
                if (!other.equals(module) && !entry.getValue().contains(other)) {
                    forbidden.add(ROOT + "." + other + "..");
                }
            }
            rules.add(
                    noClasses()
                            .that()
                            .resideInAPackage(ROOT + "." + module + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(forbidden.toArray(String[]::new))
                            .allowEmptyShould(true)
                            .as(
                                    "module "
                                            + module
                                            + " imports only "
                                            + entry.getValue()
                                            + " of our modules (only app may import every"
                                            + " module)"));
        }
        checkEach(rules);
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    /** Every rule evaluated, and one failure that lists each broken rule by name with its cause. */
    private static void checkEach(List<ArchRule> rules) {
        List<String> broken = new ArrayList<>();
        for (ArchRule rule : rules) {
            EvaluationResult result = rule.evaluate(classes);
            if (result.hasViolation()) {
                broken.add(result.getFailureReport().toString());
            }
        }
        assertThat(broken).as("broken architecture rules").isEmpty();
    }

    /** The slice of a class is the first package below its module's root ("" for the root). */
    private static SliceAssignment topPackagesOf(String module) {
        String prefix = ROOT + "." + module;
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                String name = type.getPackageName();
                if (!name.equals(prefix) && !name.startsWith(prefix + ".")) {
                    return SliceIdentifier.ignore();
                }
                String rest = name.substring(prefix.length());
                String top = rest.isEmpty() ? "(root)" : rest.substring(1).split("\\.")[0];
                return SliceIdentifier.of(module + "." + top);
            }

            @Override
            public String getDescription() {
                return "packages of module " + module;
            }
        };
    }

    private static String moduleOf(String packageName) {
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Map<String, Set<String>> allowedImports() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("schemas", Set.of());
        allowed.put("core", Set.of());
        allowed.put("vision", Set.of("core"));
        allowed.put("broker", Set.of("core", "schemas"));
        allowed.put("testkit", Set.of("core", "schemas", "broker"));
        allowed.put("models", Set.of("core"));
        allowed.put("ingest", Set.of("core", "schemas"));
        allowed.put("inference", Set.of("core", "schemas", "vision"));
        allowed.put("aggregation", Set.of("core", "schemas"));
        allowed.put("scoring", Set.of("core", "schemas"));
        allowed.put(
                "embedded",
                Set.of("core", "schemas", "broker", "vision", "inference", "aggregation"));
        allowed.put("training", Set.of("core", "vision"));
        allowed.put(
                "bench",
                Set.of(
                        "core",
                        "schemas",
                        "vision",
                        "embedded",
                        "ingest",
                        "broker",
                        "aggregation",
                        "scoring"));
        allowed.put("app", Set.of());
        return allowed;
    }
}
