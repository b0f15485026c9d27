package io.headcount.app.demo;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/**
 * The demo's web server: the page (static HTML, JS and CSS from the classpath folder {@code web},
 * no external resources, so it works offline) and {@code GET /api/dashboard}, the JSON it polls
 * every second.
 */
public final class DemoServer implements AutoCloseable {

    public static final String DASHBOARD_PATH = "/api/dashboard";

    private final Javalin app;

    private DemoServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host:port} (port 0: any free port, see {@link #port()}). */
    public static DemoServer start(String host, int port, DashboardState state) {
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.startup.showOldJavalinVersionWarning = false;
                            config.staticFiles.add("/web", Location.CLASSPATH);
                            config.routes.get(
                                    DASHBOARD_PATH,
                                    ctx -> {
                                        ctx.header("Cache-Control", "no-store");
                                        ctx.json(state.snapshot());
                                    });
                        });
        app.start(host, port);
        return new DemoServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
