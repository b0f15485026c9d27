package io.headcount.aggregation.api;

import io.headcount.aggregation.settings.SettingKeys;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the HTTP API listens; no port, no API.
 *
 * @param port 0 for a free port
 * @param host the address to bind
 * @param advertisedHost how the other instances reach this one ({@code application.server} is
 *     {@code advertisedHost:boundPort} unless set explicitly)
 */
public record ApiSettings(int port, String host, String advertisedHost) {

    public static final String PORT = SettingKeys.PREFIX + "http.port";
    public static final String HOST = SettingKeys.PREFIX + "http.host";
    public static final String ADVERTISED_HOST = SettingKeys.PREFIX + "http.advertised.host";

    /**
     * The bearer token the API requires (environment variable); {@value #TOKEN_VARIABLE}{@code
     * _FILE} names a file holding it instead. Neither set: no token is required. {@value
     * AudienceApi#HEALTH_PATH} never needs one, for probes.
     */
    public static final String TOKEN_VARIABLE = "HEADCOUNT_API_TOKEN";

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final String DEFAULT_ADVERTISED_HOST = "localhost";

    /** Empty when {@value #PORT} is unset. */
    public static Optional<ApiSettings> from(Map<?, ?> settings) {
        Object port = settings.get(PORT);
        if (port == null || port.toString().isBlank()) {
            return Optional.empty();
        }
        int value;
        try {
            value = Integer.parseInt(port.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT, port, "must be a port number (0 for a free one)");
        }
        if (value < 0 || value > 65_535) {
            throw new ConfigException(PORT, port, "must be between 0 and 65535");
        }
        return Optional.of(
                new ApiSettings(
                        value,
                        text(settings, HOST, DEFAULT_HOST),
                        text(settings, ADVERTISED_HOST, DEFAULT_ADVERTISED_HOST)));
    }

    /** Read-only access, with the token of {@value #TOKEN_VARIABLE} if set. */
    public static ReadOnlyAccess accessFromEnvironment() {
        return ReadOnlyAccess.fromEnvironment(TOKEN_VARIABLE, System::getenv);
    }

    private static String text(Map<?, ?> settings, String name, String absent) {
        Object value = settings.get(name);
        return value == null || value.toString().isBlank() ? absent : value.toString().trim();
    }
}
