package io.headcount.aggregation.store;

import io.headcount.core.options.OptionValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stats store's database: where it is, who writes, and whether the migrations run. The password
 * comes from the settings or, better, from the environment variable {@value #PASSWORD_ENV}; never
 * from a committed file.
 */
public final class StoreDatabaseOptions {

    /** E.g. {@code jdbc:postgresql://db:5432/headcount}; required. */
    public static final String JDBC_URL = StoreKafkaOptions.PREFIX + "jdbc.url";

    /** The database user; unset for the driver's default. */
    public static final String JDBC_USER = StoreKafkaOptions.PREFIX + "jdbc.user";

    /** The database password; loses to {@value #JDBC_PASSWORD_FILE} and {@value #PASSWORD_ENV}. */
    public static final String JDBC_PASSWORD = StoreKafkaOptions.PREFIX + "jdbc.password";

    /**
     * A file holding the database password (e.g. a mounted secret; one trailing line break is
     * ignored); wins over {@value #JDBC_PASSWORD}, loses to {@value #PASSWORD_ENV}.
     */
    public static final String JDBC_PASSWORD_FILE = StoreKafkaOptions.PREFIX + "jdbc.password.file";

    /** Whether the writer applies the Flyway migrations at start; default true. */
    public static final String MIGRATE = StoreKafkaOptions.PREFIX + "migrate";

    /** Environment variable with the database password; wins over {@value #JDBC_PASSWORD}. */
    public static final String PASSWORD_ENV = "HEADCOUNT_STORE_JDBC_PASSWORD";

    private StoreDatabaseOptions() {}

    /** The keys and their defaults; blank ones are unset. */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(JDBC_URL, "");
        defaults.put(JDBC_USER, "");
        defaults.put(JDBC_PASSWORD, "");
        defaults.put(JDBC_PASSWORD_FILE, "");
        defaults.put(MIGRATE, "true");
        return defaults;
    }

    /**
     * The first set of env {@value #PASSWORD_ENV}, the file named by {@value #JDBC_PASSWORD_FILE}
     * and {@value #JDBC_PASSWORD}; null when none is.
     *
     * @throws IllegalArgumentException for a password file that cannot be read
     */
    static String password(OptionValues values, Map<String, String> environment) {
        String password = environment.get(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            password = passwordFile(StoreValues.optional(values, JDBC_PASSWORD_FILE));
        }
        if (password == null) {
            password = StoreValues.optional(values, JDBC_PASSWORD);
        }
        return password;
    }

    /** Any value but {@code true} (in any case) is false. */
    static boolean migrate(OptionValues values) {
        return Boolean.parseBoolean(values.string(MIGRATE));
    }

    private static String passwordFile(String file) {
        if (file == null) {
            return null;
        }
        try {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return content.endsWith("\r\n")
                    ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    JDBC_PASSWORD_FILE + " names a file that cannot be read: " + file, e);
        }
    }
}
