package io.headcount.aggregation.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may call a read-only HTTP server (the aggregation API, the demo page): only {@code GET} and
 * {@code HEAD}, anything else is answered {@code 405}; and, where a token is configured, only
 * requests with {@code Authorization: Bearer <token>} ({@code 401} otherwise). The token comes from
 * an environment variable or, better, a file (a Docker or Kubernetes secret); without one, the
 * server is open to whoever reaches it.
 */
public final class ReadOnlyAccess {

    private static final Set<HandlerType> READ_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD);
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final Set<String> openPaths;

    private ReadOnlyAccess(byte[] token, Set<String> openPaths) {
        this.token = token;
        this.openPaths = Set.copyOf(openPaths);
    }

    /** Read-only, no token. */
    public static ReadOnlyAccess open() {
        return new ReadOnlyAccess(null, Set.of());
    }

    /** Read-only, and every request needs {@code token}. */
    public static ReadOnlyAccess withToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("An API token must not be blank");
        }
        return new ReadOnlyAccess(token.getBytes(StandardCharsets.UTF_8), Set.of());
    }

    /**
     * The token of {@code variable} (e.g. {@code HEADCOUNT_API_TOKEN}) or of the file named by
     * {@code variable + "_FILE"}; {@link #open()} when neither is set.
     *
     * @throws IllegalArgumentException when both are set, or the file is unreadable or empty
     */
    public static ReadOnlyAccess fromEnvironment(
            String variable, Function<String, String> environment) {
        String value = environment.apply(variable);
        String file = environment.apply(variable + "_FILE");
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new IllegalArgumentException(
                    "Both " + variable + " and " + variable + "_FILE are set; set only one");
        }
        if (hasValue) {
            return withToken(value.trim());
        }
        if (!hasFile) {
            return open();
        }
        Path path = Path.of(file.trim());
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    variable + "_FILE names " + path + ", which cannot be read: " + e, e);
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(
                    variable + "_FILE names " + path + ", an empty file");
        }
        return withToken(content);
    }

    /** The same, but {@code paths} (e.g. a health check for probes) need no token. */
    public ReadOnlyAccess withOpenPaths(String... paths) {
        return new ReadOnlyAccess(token, Set.of(paths));
    }

    /**
     * The {@code Authorization} header value that passes this rule, for requests this instance
     * forwards to another instance of the same deployment (same token); empty without a token.
     */
    public java.util.Optional<String> authorizationHeader() {
        return token == null
                ? java.util.Optional.empty()
                : java.util.Optional.of("Bearer " + new String(token, StandardCharsets.UTF_8));
    }

    public boolean requiresToken() {
        return token != null;
    }

    /** Checks every request before any handler, static files included. */
    public void install(JavalinConfig config) {
        config.routes.before(this::check);
    }

    void check(Context ctx) {
        if (!READ_METHODS.contains(ctx.method())) {
            ctx.header("Allow", "GET, HEAD");
            ctx.skipRemainingHandlers();
            ctx.status(405).result("Read-only: only GET and HEAD are allowed");
            return;
        }
        if (token == null || openPaths.contains(ctx.path())) {
            return;
        }
        String authorization = ctx.header("Authorization");
        byte[] given =
                authorization != null && authorization.startsWith(BEARER)
                        ? authorization
                                .substring(BEARER.length())
                                .trim()
                                .getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
        // Constant time: the comparison must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(given, token)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.skipRemainingHandlers();
            ctx.status(401).result("A valid bearer token is required");
        }
    }
}
