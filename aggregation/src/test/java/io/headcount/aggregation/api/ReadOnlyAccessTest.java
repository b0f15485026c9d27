package io.headcount.aggregation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTP: read-only always, a bearer token when one is configured. */
class ReadOnlyAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    @Test
    void withATokenOnlyItsBearerGetsIn() throws Exception {
        try (AudienceApi api = api(ReadOnlyAccess.withToken("let-me-in"))) {
            HttpResponse<String> anonymous = call(api, "GET", AudienceApi.OPENAPI_PATH, null);
            HttpResponse<String> wrong = call(api, "GET", AudienceApi.OPENAPI_PATH, "let-me-out");
            HttpResponse<String> right = call(api, "GET", AudienceApi.OPENAPI_PATH, "let-me-in");
            HttpResponse<String> head = call(api, "HEAD", AudienceApi.OPENAPI_PATH, "let-me-in");
            HttpResponse<String> health = call(api, "GET", AudienceApi.HEALTH_PATH, null);

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.body()).doesNotContain("openapi");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("openapi");
            assertThat(head.statusCode()).isEqualTo(200);
            // Probes need no token; an open path still reveals no data.
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void everyMethodButGetAndHeadIsRefusedEvenWithTheToken() throws Exception {
        try (AudienceApi api = api(ReadOnlyAccess.withToken("t"))) {
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
                for (String path :
                        new String[] {
                            AudienceApi.WINDOWS_PATH, AudienceApi.HEALTH_PATH, "/anything"
                        }) {
                    HttpResponse<String> response = call(api, method, path, "t");
                    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
                }
            }
        }
    }

    @Test
    void withoutATokenTheApiIsOpenButStillReadOnly() throws Exception {
        try (AudienceApi api = api(ReadOnlyAccess.open())) {
            assertThat(call(api, "GET", AudienceApi.OPENAPI_PATH, null).statusCode())
                    .isEqualTo(200);
            assertThat(call(api, "POST", AudienceApi.WINDOWS_PATH, null).statusCode())
                    .isEqualTo(405);
        }
    }

    @Test
    void theTokenComesFromAVariableOrAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");

        assertThat(
                        ReadOnlyAccess.fromEnvironment("T", Map.<String, String>of()::get)
                                .requiresToken())
                .isFalse();
        assertThat(ReadOnlyAccess.fromEnvironment("T", Map.of("T", "x")::get).requiresToken())
                .isTrue();
        ReadOnlyAccess fromFile =
                ReadOnlyAccess.fromEnvironment("T", Map.of("T_FILE", file.toString())::get);
        try (AudienceApi api = api(fromFile)) {
            assertThat(call(api, "GET", AudienceApi.OPENAPI_PATH, "from-file").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void badTokenSettingsAreRefusedClearly() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path missing = dir.resolve("missing");

        assertThatThrownBy(
                        () ->
                                ReadOnlyAccess.fromEnvironment(
                                        "T", Map.of("T", "x", "T_FILE", empty.toString())::get))
                .hasMessageContaining("set only one");
        assertThatThrownBy(
                        () ->
                                ReadOnlyAccess.fromEnvironment(
                                        "T", Map.of("T_FILE", empty.toString())::get))
                .hasMessageContaining("empty file");
        assertThatThrownBy(
                        () ->
                                ReadOnlyAccess.fromEnvironment(
                                        "T", Map.of("T_FILE", missing.toString())::get))
                .hasMessageContaining(missing.toString());
    }

    private static AudienceApi api(ReadOnlyAccess access) {
        return new AudienceApi("127.0.0.1", 0, () -> KafkaStreams.State.RUNNING, 5, access);
    }

    private static HttpResponse<String> call(
            AudienceApi api, String method, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
