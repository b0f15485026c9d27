package io.headcount.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.api.ReadOnlyAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo page: read-only, and with a token its data only for the token's bearer. */
class DemoServerAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void byDefaultThePageAndItsDataAreOpenButReadOnly() throws Exception {
        try (DemoServer server = start(ReadOnlyAccess.open())) {
            assertThat(call(server, "GET", DemoServer.DASHBOARD_PATH, null).statusCode())
                    .isEqualTo(200);
            assertThat(call(server, "POST", DemoServer.DASHBOARD_PATH, null).statusCode())
                    .isEqualTo(405);
            assertThat(call(server, "DELETE", "/index.html", null).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void withATokenThePageLoadsButItsDataNeedTheToken() throws Exception {
        try (DemoServer server = start(ReadOnlyAccess.withToken("demo-secret"))) {
            HttpResponse<String> page = call(server, "GET", "/", null);
            HttpResponse<String> script = call(server, "GET", "/app.js", null);
            HttpResponse<String> anonymous = call(server, "GET", DemoServer.DASHBOARD_PATH, null);
            HttpResponse<String> bearer =
                    call(server, "GET", DemoServer.DASHBOARD_PATH, "demo-secret");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("Bearer");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(bearer.body()).startsWith("{");
            assertThat(call(server, "PUT", DemoServer.DASHBOARD_PATH, "demo-secret").statusCode())
                    .isEqualTo(405);
        }
    }

    @Test
    void withoutTheLiveViewItsPathDoesNotExist() throws Exception {
        try (DemoServer server = start(ReadOnlyAccess.open())) {
            assertThat(call(server, "GET", DemoServer.VIEW_PATH, null).statusCode()).isEqualTo(404);
            assertThat(call(server, "GET", DemoServer.VIEW_PATH + "?camera=s/c", null).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void theLiveViewServesTheNewestAnnotatedFrameAndNeedsTheTokenLikeTheData() throws Exception {
        AnnotatedFrames frames = new AnnotatedFrames(0.9);
        frames.frame(AnnotatedFramesTest.frame("cam-1", 0));
        frames.observation(AnnotatedFramesTest.face("cam-1", 0, "track-a", 0.99f));
        frames.processed(AnnotatedFramesTest.processed("cam-1", 0, 1));
        DashboardState state =
                new DashboardState(Clock.systemUTC(), () -> 0, "test", Duration.ofSeconds(5));
        try (DemoServer server =
                DemoServer.start(
                        "127.0.0.1",
                        0,
                        state,
                        ReadOnlyAccess.withToken("demo-secret"),
                        Optional.of(frames))) {
            assertThat(call(server, "GET", DemoServer.VIEW_PATH, null).statusCode()).isEqualTo(401);
            HttpResponse<String> view =
                    call(server, "GET", DemoServer.VIEW_PATH + "?camera=site/cam-1", "demo-secret");
            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(view.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(view.body())
                    .contains("\"camera\":\"site/cam-1\"")
                    .contains("\"track\":1")
                    .contains("\"value\":\"female\"")
                    .contains("data:image/jpeg;base64,/9j/");
        }
    }

    private static DemoServer start(ReadOnlyAccess access) {
        DashboardState state =
                new DashboardState(Clock.systemUTC(), () -> 0, "test", Duration.ofSeconds(5));
        return DemoServer.start("127.0.0.1", 0, state, access, Optional.empty());
    }

    private static HttpResponse<String> call(
            DemoServer server, String method, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
