package io.headcount.app.demo;

import io.headcount.aggregation.api.ReadOnlyAccess;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's web server: the page (static HTML, JS and CSS from the classpath folder {@code web},
 * no external resources, so it works offline) and {@code GET /api/dashboard}, the JSON it polls
 * every second. With the live view on ({@code demo --show-video}), also {@code GET /api/view}: the
 * newest annotated frame of a camera, from memory; without it that path does not exist (404).
 */
public final class DemoServer implements AutoCloseable {

    public static final String DASHBOARD_PATH = "/api/dashboard";

    /**
     * The live view's data: {@code ?camera=site/camera} (default: the first camera). Served only
     * when the demo runs with {@code --show-video}.
     */
    public static final String VIEW_PATH = "/api/view";

    /**
     * The bearer token {@value #DASHBOARD_PATH} requires (environment variable; {@value
     * #TOKEN_VARIABLE}{@code _FILE} names a file holding it instead). Unset, the default: no token.
     * The page itself holds no data and stays open; open it as {@code http://host:port/#token=...}
     * and it sends the token with each poll (a URL fragment never reaches the server or its logs).
     */
    public static final String TOKEN_VARIABLE = "HEADCOUNT_DEMO_TOKEN";

    /** The page's static files: no data in them, so no token needed. */
    private static final String[] PAGE_PATHS = {"/", "/index.html", "/app.js", "/style.css"};

    private final Javalin app;

    private DemoServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free port, see {@link #port()}), read-only,
     * with the token of {@value #TOKEN_VARIABLE} if one is set.
     */
    public static DemoServer start(
            String host, int port, DashboardState state, Optional<AnnotatedFrames> view) {
        return start(
                host,
                port,
                state,
                ReadOnlyAccess.fromEnvironment(TOKEN_VARIABLE, System::getenv),
                view);
    }

    /**
     * As above with explicit access rules (GET and HEAD only; a token if {@code access} has one).
     */
    public static DemoServer start(
            String host,
            int port,
            DashboardState state,
            ReadOnlyAccess access,
            Optional<AnnotatedFrames> view) {
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            access.withOpenPaths(PAGE_PATHS).install(config);
                            config.startup.showOldJavalinVersionWarning = false;
                            config.staticFiles.add("/web", Location.CLASSPATH);
                            config.routes.get(
                                    DASHBOARD_PATH,
                                    ctx -> {
                                        ctx.header("Cache-Control", "no-store");
                                        ctx.json(state.snapshot());
                                    });
                            view.ifPresent(
                                    frames ->
                                            config.routes.get(
                                                    VIEW_PATH, ctx -> serveView(ctx, frames)));
                        });
        app.start(host, port);
        return new DemoServer(app);
    }

    /**
     * The newest annotated frame of the camera asked for, the JPEG inline (a data URL), so the
     * picture and its boxes always belong together. {@code no-store}: the browser keeps no copy.
     */
    private static void serveView(Context ctx, AnnotatedFrames frames) {
        ctx.header("Cache-Control", "no-store");
        List<String> cameras = frames.cameras();
        String camera = ctx.queryParam("camera");
        if (camera == null || !cameras.contains(camera)) {
            camera = cameras.isEmpty() ? null : cameras.get(0);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("cameras", cameras);
        page.put("camera", camera);
        page.put("threshold", frames.threshold());
        page.put("newestSent", camera == null ? -1 : frames.newestSent(camera));
        Optional<AnnotatedFrames.View> newest =
                camera == null ? Optional.empty() : frames.newest(camera);
        page.put("frame", newest.map(DemoServer::frameJson).orElse(null));
        ctx.json(page);
    }

    private static Map<String, Object> frameJson(AnnotatedFrames.View view) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("sequence", view.sequence());
        frame.put("time", view.frameTime());
        frame.put("width", view.width());
        frame.put("height", view.height());
        frame.put("faces", view.faces());
        frame.put(
                "image",
                "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(view.jpeg()));
        return frame;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
