package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount demo} seen through a real browser: the demo runs (two synthetic cameras, 5 s
 * windows) and headless Chromium loads its page, runs its JavaScript against the live JSON
 * endpoint, and must show non-empty charts. The page mirrors what it drew into data-* attributes,
 * which {@code --dump-dom} returns. The demo runs with {@code --show-video}, so the page also has
 * the live view: the newest frame of a camera with each face's box and labels. Screenshots stay in
 * the build folder: {@code demo-page.png} (the top of the page: tiles and the live view) and {@code
 * demo-page-full.png} (the whole page: the live view, the totals since the start and the charts).
 */
class DemoPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration DATA_TIMEOUT = Duration.ofMinutes(6);

    @TempDir Path browserProfile;

    @Test
    void thePageChartsTheLiveWindowsOfEveryCamera() throws Exception {
        requireChromium();
        SharedAssets.data("faces-sex/utkface_crop_part1/manifest.csv");
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        int port = freePort();
        StringWriter output = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread demo =
                new Thread(
                        () ->
                                exitCode.set(
                                        new CommandLine(new Headcount())
                                                .setOut(new PrintWriter(output, true))
                                                .execute(
                                                        "demo",
                                                        "--synthetic",
                                                        "--show-video",
                                                        "--cameras",
                                                        "2",
                                                        "--fps",
                                                        "4",
                                                        "--port",
                                                        Integer.toString(port),
                                                        "--window",
                                                        "PT5S",
                                                        "--grace",
                                                        "PT5S",
                                                        "--duration",
                                                        "PT5M",
                                                        "--status-every",
                                                        "PT0S")),
                        "demo-under-test");
        demo.start();
        try {
            String url = "http://127.0.0.1:" + port + "/";
            JsonNode api =
                    JsonEndpoint.await(
                            url + "api/dashboard",
                            DATA_TIMEOUT,
                            data ->
                                    windowsWithVisitors(data) >= 1
                                            && data.get("windows").size() >= 4
                                            && releasedShare(data, "female")
                                            // The page draws a breakdown from a window that
                                            // lists its cells; suppression may hold a window's
                                            // age cells back while its sex share is out.
                                            && BREAKDOWNS.stream()
                                                    .allMatch(field -> listsCells(data, field)),
                            demo::isAlive,
                            output::toString);
            assertThat(output.toString()).contains("Open http://127.0.0.1:" + port);

            String dom = chromium(List.of("--virtual-time-budget=4000", "--dump-dom", url));
            assertThat(attribute(dom, "dashboard", "data-updates"))
                    .as("polls the page rendered")
                    .isPositive();
            assertThat(attribute(dom, "dashboard", "data-cameras")).isEqualTo(2L);
            assertThat(attribute(dom, "dashboard", "data-windows"))
                    .isGreaterThanOrEqualTo(api.get("windows").size());
            assertThat(attribute(dom, "dashboard", "data-frames"))
                    .isGreaterThanOrEqualTo(sum(api, "frames"))
                    .isPositive();
            assertThat(attribute(dom, "dashboard", "data-faces"))
                    .isGreaterThanOrEqualTo(sum(api, "faces"))
                    .isPositive();
            assertThat(attribute(dom, "dashboard", "data-visitors"))
                    .isGreaterThanOrEqualTo(sum(api, "visitors"))
                    .isPositive();
            assertThat(attribute(dom, "dashboard", "data-frames-processed")).isPositive();
            for (String chart : List.of("chart-faces", "chart-frames", "chart-visitors")) {
                assertThat(attribute(dom, chart, "data-points"))
                        .as(chart)
                        .isGreaterThanOrEqualTo(api.get("windows").size());
            }
            assertThat(attribute(dom, "camera-table", "data-rows")).isEqualTo(2L);
            for (String breakdown :
                    List.of(
                            "breakdown-sex",
                            "breakdown-age",
                            "breakdown-mask",
                            "breakdown-expression")) {
                assertThat(attribute(dom, breakdown, "data-rows"))
                        .as(breakdown + " bars")
                        .isPositive();
            }
            assertSuppressedCellsAreNotNumbers(dom, api);
            // Totals since the start: the site row and one per camera, and the shares over time.
            JsonNode totals = api.get("totals");
            assertThat(totals.get("range").asText()).isEqualTo("since-start");
            assertThat(totals.get("cameras")).hasSize(2);
            assertThat(attribute(dom, "totals", "data-visitors")).isPositive();
            for (String breakdown : List.of("totals-sex", "totals-mask")) {
                assertThat(attribute(dom, breakdown, "data-rows"))
                        .as(breakdown + " bars: the site and its cameras")
                        .isGreaterThanOrEqualTo(1);
            }
            assertThat(attribute(dom, "chart-shares", "data-points")).isPositive();
            for (JsonNode cell : totals.get("bySex")) {
                assertThat(cell.get("suppressed").asBoolean() == cell.get("count").isNull())
                        .as("a total cell is a released count or suppressed: %s", cell)
                        .isTrue();
                if (!cell.get("count").isNull()) {
                    assertThat(cell.get("count").asLong()).isGreaterThanOrEqualTo(5);
                }
            }

            assertLiveView(dom, url);

            screenshot("demo-page.png", "1280,900", url);
            screenshot("demo-page-full.png", "1280,2600", url);
        } finally {
            demo.interrupt();
            demo.join(Duration.ofMinutes(1).toMillis());
        }
        assertThat(demo.isAlive()).as("the demo stops when interrupted (Ctrl-C)").isFalse();
        assertThat(exitCode.get()).as("exit code; output:%n%s", output).isZero();
        assertThat(output.toString()).contains("Stopped.");
    }

    /**
     * The live view (--show-video): a frame of the selected camera with a box per face, each
     * tracked face labelled with its track number and sex / age group / mask (or "undetermined").
     */
    private void assertLiveView(String dom, String url) throws Exception {
        JsonNode view =
                JsonEndpoint.await(
                        url + "api/view",
                        Duration.ofMinutes(2),
                        data -> !data.get("frame").isNull() && tracked(data.get("frame")) > 0,
                        () -> true,
                        () -> "");
        assertThat(view.get("cameras")).hasSize(2);
        assertThat(view.get("threshold").asDouble()).isEqualTo(0.9);
        String viewDom = dom;
        // The newest frame may be one without a tracked face (someone just walked in): look again.
        for (int look = 0;
                look < 5 && attribute(viewDom, "live-view", "data-labels") == 0;
                look++) {
            viewDom = chromium(List.of("--virtual-time-budget=4000", "--dump-dom", url));
        }
        assertThat(viewDom).doesNotContain("id=\"live-view\" class=\"card live-view\" hidden");
        assertThat(attribute(viewDom, "live-view", "data-updates")).isPositive();
        assertThat(attribute(viewDom, "live-view", "data-faces")).isPositive();
        assertThat(attribute(viewDom, "live-view", "data-labels"))
                .as("tracked faces labelled")
                .isPositive();
        assertThat(viewDom).contains("Local debugging aid").contains("memory only");
        assertThat(viewDom).contains("src=\"data:image/jpeg;base64,");
        Matcher label =
                Pattern.compile(
                                "class=\"face-box\"[^>]*data-track=\"(\\d+)\"[^>]*><span[^>]*>#(\\d+)"
                                        + " (female|male|sex undetermined)[^<\u00b7]* \u00b7 [^<\u00b7]+ \u00b7"
                                        + " (masked|unmasked|mask undetermined)[^<]*</span>")
                        .matcher(viewDom);
        assertThat(label.find())
                .as("a box labelled '#track sex · age · mask':%n%s", viewDom)
                .isTrue();
        assertThat(label.group(2)).isEqualTo(label.group(1));
        // The camera selector: one button per camera of the view.
        assertThat(viewDom)
                .containsPattern(
                        "id=\"view-cameras\"[^>]*><button[^>]*>demo/cam-1</button><button[^>]*>demo/cam-2</button>");
    }

    private static long tracked(JsonNode frame) {
        return StreamSupport.stream(frame.get("faces").spliterator(), false)
                .filter(face -> face.get("track").asInt() > 0)
                .count();
    }

    /** A PNG of {@code url} in a window of {@code size}, kept in the build folder. */
    private void screenshot(String name, String size, String url) throws Exception {
        Path screenshot = buildFolder().resolve(name);
        Files.deleteIfExists(screenshot);
        chromium(
                List.of(
                        "--virtual-time-budget=4000",
                        "--window-size=" + size,
                        "--hide-scrollbars",
                        "--screenshot=" + screenshot,
                        url));
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot))
                .as("a PNG of the page, not a blank one")
                .isGreaterThan(20_000);
    }

    /** A suppressed cell is named in the page ("suppressed: label"), never drawn as a count. */
    private static void assertSuppressedCellsAreNotNumbers(String dom, JsonNode api) {
        long suppressed =
                StreamSupport.stream(api.get("windows").spliterator(), false)
                        .flatMap(
                                w ->
                                        List.of("sex", "ageGroup", "mask", "expression").stream()
                                                .map(w::get))
                        .flatMap(cells -> StreamSupport.stream(cells.spliterator(), false))
                        .filter(cell -> cell.get("suppressed").asBoolean())
                        .peek(
                                cell ->
                                        assertThat(cell.get("count").isNull())
                                                .as("suppressed cell without a count")
                                                .isTrue())
                        .count();
        if (suppressed > 0 && sumAttribute(dom, "data-suppressed") > 0) {
            assertThat(dom).contains("suppressed: ");
        }
    }

    /** Whether the totals' shares series has a point where {@code share} is released. */
    private static boolean releasedShare(JsonNode data, String share) {
        JsonNode shares = data.get("shares");
        return shares != null
                && StreamSupport.stream(shares.spliterator(), false)
                        .anyMatch(point -> !point.get(share).isNull());
    }

    /** The window fields the page draws a breakdown of. */
    private static final List<String> BREAKDOWNS = List.of("sex", "ageGroup", "mask", "expression");

    /** Whether some window lists cells of {@code field}. */
    private static boolean listsCells(JsonNode data, String field) {
        return StreamSupport.stream(data.get("windows").spliterator(), false)
                .anyMatch(w -> w.hasNonNull(field) && w.get(field).size() > 0);
    }

    private static long windowsWithVisitors(JsonNode data) {
        return StreamSupport.stream(data.get("windows").spliterator(), false)
                .filter(w -> w.get("visitors").asLong() > 0)
                .count();
    }

    private static long sum(JsonNode data, String field) {
        return StreamSupport.stream(data.get("windows").spliterator(), false)
                .mapToLong(w -> w.get(field).asLong())
                .sum();
    }

    private String chromium(List<String> arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--user-data-dir=" + browserProfile));
        command.addAll(arguments);
        Path stdout = Files.createTempFile(browserProfile.getParent(), "chromium-", ".out");
        Path stderr = Files.createTempFile(browserProfile.getParent(), "chromium-", ".err");
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within 90 s: %s%n%s", command, Files.readString(stderr));
        }
        assertThat(process.exitValue())
                .as("chromium exit code; stderr:%n%s", Files.readString(stderr))
                .isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /**
     * The integer value of {@code attribute} on the element with {@code id}, from Chromium's DOM
     * dump.
     */
    private static long attribute(String dom, String id, String attribute) {
        Matcher element =
                Pattern.compile("<[a-z]+ [^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
        assertThat(element.find()).as("element #%s in the page:%n%s", id, dom).isTrue();
        Matcher value =
                Pattern.compile(Pattern.quote(attribute) + "=\"(\\d+)\"").matcher(element.group());
        assertThat(value.find()).as("%s on #%s: %s", attribute, id, element.group()).isTrue();
        return Long.parseLong(value.group(1));
    }

    private static int sumAttribute(String dom, String attribute) {
        Matcher value = Pattern.compile(Pattern.quote(attribute) + "=\"(\\d+)\"").matcher(dom);
        int sum = 0;
        while (value.find()) {
            sum += Integer.parseInt(value.group(1));
        }
        return sum;
    }

    /** The build folder (target/, or -Dheadcount.build.dir): the parent of test-classes. */
    private static Path buildFolder() throws URISyntaxException {
        return Path.of(DemoPageIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
    }

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String problem = "No " + CHROMIUM + " (apt-get install chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(
                    problem
                            + ". CI=true, so a missing browser fails the test instead of skipping it.");
        }
        Assumptions.abort(problem + ". Test skipped.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
