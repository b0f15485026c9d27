package io.headcount.app;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a JSON endpoint of a running demo until its answer is ready, for the page's tests. */
public final class JsonEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JsonEndpoint() {}

    /**
     * GETs {@code url} every second until {@code ready} accepts its JSON. A refused connection or a
     * status other than 200 counts as not yet (the server starts once the pipeline is up).
     *
     * @param running checked before each try: the run under test ended early when false
     * @param diagnostics what the failure message adds (the demo's output)
     */
    public static JsonNode await(
            String url,
            Duration timeout,
            Predicate<JsonNode> ready,
            BooleanSupplier running,
            Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                return fail("The demo ended before %s was ready:%n%s", url, diagnostics.get());
            }
            try {
                HttpResponse<String> response =
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    last = "HTTP " + response.statusCode();
                } else {
                    JsonNode answer = JSON.readTree(response.body());
                    if (ready.test(answer)) {
                        return answer;
                    }
                    last = answer.toString();
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(1000);
        }
        return fail(
                "%s not ready within %s; last answer: %s%n%s",
                url, timeout, last, diagnostics.get());
    }
}
