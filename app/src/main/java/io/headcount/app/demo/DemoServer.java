package io.headcount.app.demo;

import io.headcount.aggregation.api.ReadOnlyAccess;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/**
 * The demo's web server: the page (static HTML, JS and CSS from the classpath folder {@code web},
 * no external resources, so it works offline) and {@code GET /api/dashboard}, the JSON it polls
 * every second.
 */
public final class DemoServer implements AutoCloseable {

    public static final String DASHBOARD_PATH = "/api/dashboard";

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
    public static DemoServer start(String host, int port, DashboardState state) {
        return start(
                host, port, state, ReadOnlyAccess.fromEnvironment(TOKEN_VARIABLE, System::getenv));
    }

    /**
     * As above with explicit access rules (GET and HEAD only; a token if {@code access} has one).
     */
    public static DemoServer start(
            String host, int port, DashboardState state, ReadOnlyAccess access) {
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
