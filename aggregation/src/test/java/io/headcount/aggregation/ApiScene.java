package io.headcount.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the API integration tests feed and how they ask. One camera's scene, windows of 10 s: in the
 * first, "her" (female) from 1 to 3 s and "him" (male) from 4 to 6 s; in the second, "ann" and
 * "bea" (both female) from 11 to 13 s and 14 to 16 s; a frame every 200 ms up to 19.8 s, then an
 * end of stream. Both windows close; each has 2 visitors and 50 frames.
 */
final class ApiScene {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final int FRAMES_PER_WINDOW = 50;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ApiScene() {}

    /** Settings of an app with the API on a free port, 10 s windows and k = 2. */
    static Map<String, Object> settings(KafkaBrokerExtension kafka, java.nio.file.Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("state.dir", stateDir.toString());
        settings.put(AggregationOptions.WINDOW_SIZE_MS, Long.toString(WINDOW.toMillis()));
        settings.put(AggregationOptions.WINDOW_GRACE_MS, "4000");
        settings.put(AggregationOptions.SUPPRESSION_MIN_COUNT, "2");
        settings.put(io.headcount.aggregation.api.ApiSettings.PORT, "0");
        return settings;
    }

    /**
     * @return the face observations produced
     */
    static int produce(KafkaBrokerExtension kafka, String site, String camera, Instant t0) {
        Impressions female = Impressions.at(site, camera).female(0.97f);
        Impressions male = Impressions.at(site, camera).female(0.03f);
        int observations = 0;
        for (int millis = 0; millis < 2 * FRAMES_PER_WINDOW * 200; millis += 200) {
            Instant time = t0.plusMillis(millis);
            int faces = 0;
            faces += seen(kafka, female, "her", time, millis, 1_000, 3_000);
            faces += seen(kafka, male, "him", time, millis, 4_000, 6_000);
            faces += seen(kafka, female, "ann", time, millis, 11_000, 13_000);
            faces += seen(kafka, female, "bea", time, millis, 14_000, 16_000);
            observations += faces;
            kafka.produce(Topics.FRAMES_PROCESSED, camera, Frames.of(site, camera, time, faces));
        }
        kafka.produce(
                Topics.FRAMES_PROCESSED,
                camera,
                Frames.endOfStream(site, camera, t0.plusMillis(20_000)));
        return observations;
    }

    private static int seen(
            KafkaBrokerExtension kafka,
            Impressions person,
            String track,
            Instant time,
            int millis,
            int from,
            int to) {
        if (millis < from || millis > to) {
            return 0;
        }
        kafka.produce(
                Topics.FACE_OBSERVATIONS,
                person.of(track, time).getCamera(),
                person.of(track, time));
        return 1;
    }

    static HttpResponse<String> get(int port, String pathAndQuery)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String pathAndQuery, String header, String value)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .header(header, value)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /**
     * Asks until a 200 answer passes {@code done}; fails after {@code timeout} with the last
     * answer.
     */
    static JsonNode awaitJson(
            int port, String pathAndQuery, Predicate<JsonNode> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(port, pathAndQuery);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode body = json(response);
                if (done.test(body)) {
                    return body;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "No expected answer to " + pathAndQuery + " within " + timeout + "; last: " + last);
    }
}
