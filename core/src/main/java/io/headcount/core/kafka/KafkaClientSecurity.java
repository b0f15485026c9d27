package io.headcount.core.kafka;

import io.headcount.core.options.OptionValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that turns security settings into Kafka client properties (TLS and SASL), for every
 * client of the product: the gateway's producer, the inference job's source and sinks, the
 * aggregation app and the tools.
 *
 * <p>Each setting is read from the component's own options first (the keys below, e.g. {@code
 * kafka.sasl.mechanism} in a properties file or {@code --kafka.sasl.mechanism} argument), then from
 * the environment: {@code HEADCOUNT_} + the key in upper case with dots and dashes as underscores,
 * e.g. {@code HEADCOUNT_KAFKA_SASL_PASSWORD_FILE}. Secrets come from files ({@code *-file} keys: a
 * Docker or Kubernetes secret) or environment variables, never from a committed file; a trailing
 * line break of a secret file is ignored.
 *
 * <p>Nothing set means {@code PLAINTEXT} and no properties at all, so clients keep Kafka's
 * defaults.
 */
public final class KafkaClientSecurity {

    /** {@code PLAINTEXT} (default), {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    public static final String PROTOCOL = "kafka.security.protocol";

    /** {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}; required with SASL. */
    public static final String SASL_MECHANISM = "kafka.sasl.mechanism";

    public static final String SASL_USERNAME = "kafka.sasl.username";

    /** The SASL password itself: only from the environment, or from a launcher's own memory. */
    public static final String SASL_PASSWORD = "kafka.sasl.password";

    /** A file holding the SASL password. */
    public static final String SASL_PASSWORD_FILE = "kafka.sasl.password-file";

    /** Trusted CA certificates (JKS, PKCS12 or PEM); absent: the JVM's default trust store. */
    public static final String TRUSTSTORE_LOCATION = "kafka.ssl.truststore.location";

    /** {@code JKS}, {@code PKCS12} or {@code PEM}; absent: guessed from the file name. */
    public static final String TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";

    public static final String TRUSTSTORE_PASSWORD = "kafka.ssl.truststore.password";
    public static final String TRUSTSTORE_PASSWORD_FILE = "kafka.ssl.truststore.password-file";

    /** The client's own key and certificate, for brokers that require TLS client auth (mTLS). */
    public static final String KEYSTORE_LOCATION = "kafka.ssl.keystore.location";

    public static final String KEYSTORE_TYPE = "kafka.ssl.keystore.type";
    public static final String KEYSTORE_PASSWORD = "kafka.ssl.keystore.password";
    public static final String KEYSTORE_PASSWORD_FILE = "kafka.ssl.keystore.password-file";
    public static final String KEY_PASSWORD = "kafka.ssl.key.password";
    public static final String KEY_PASSWORD_FILE = "kafka.ssl.key.password-file";

    /**
     * {@code https} (default: the broker's certificate must name the host) or {@code none} (only
     * for brokers addressed by a name their certificate lacks).
     */
    public static final String ENDPOINT_IDENTIFICATION = "kafka.ssl.endpoint-identification";

    /** Settings that hold a secret as such; they are never logged. */
    public static final Set<String> SECRET_KEYS =
            Set.of(SASL_PASSWORD, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD, KEY_PASSWORD);

    /** Every setting, in documentation order. */
    public static final List<String> KEYS =
            List.of(
                    PROTOCOL,
                    SASL_MECHANISM,
                    SASL_USERNAME,
                    SASL_PASSWORD,
                    SASL_PASSWORD_FILE,
                    TRUSTSTORE_LOCATION,
                    TRUSTSTORE_TYPE,
                    TRUSTSTORE_PASSWORD,
                    TRUSTSTORE_PASSWORD_FILE,
                    KEYSTORE_LOCATION,
                    KEYSTORE_TYPE,
                    KEYSTORE_PASSWORD,
                    KEYSTORE_PASSWORD_FILE,
                    KEY_PASSWORD,
                    KEY_PASSWORD_FILE,
                    ENDPOINT_IDENTIFICATION);

    /** Every setting that may sit in a component's options file: all but the secrets. */
    public static final List<String> OPTION_KEYS =
            KEYS.stream().filter(key -> !SECRET_KEYS.contains(key)).toList();

    public static final Set<String> PROTOCOLS =
            Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** Mechanism → JAAS login module. */
    private static final Map<String, String> LOGIN_MODULES =
            Map.of(
                    "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
                    "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
                    "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    public static final Set<String> MECHANISMS = LOGIN_MODULES.keySet();

    private final Map<String, String> properties;
    private final String description;

    private KafkaClientSecurity(Map<String, String> properties, String description) {
        this.properties = Collections.unmodifiableMap(properties);
        this.description = description;
    }

    /** Settings from the process environment only. */
    public static KafkaClientSecurity fromEnvironment() {
        return from(Map.of(), System::getenv);
    }

    /**
     * Settings from {@code options} (keys as above; other keys are ignored), else from {@code
     * environment} (variable name → value).
     *
     * @throws KafkaSecurityException naming the setting and how to fix it
     */
    public static KafkaClientSecurity from(
            Map<?, ?> options, Function<String, String> environment) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(environment, "environment");
        return resolve(
                key -> {
                    Object value = options.get(key);
                    if (value == null || value.toString().isBlank()) {
                        value = environment.apply(OptionValues.environmentVariable(key));
                    }
                    return value == null || value.toString().isBlank()
                            ? null
                            : value.toString().trim();
                });
    }

    /**
     * Kafka client properties ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) to merge
     * into a producer, consumer, admin or Streams config; empty for plain connections.
     */
    public Map<String, String> clientProperties() {
        return properties;
    }

    /** True unless the connection is plain. */
    public boolean enabled() {
        return !properties.isEmpty();
    }

    /** What the connection uses, without secrets, for a start-up log line. */
    @Override
    public String toString() {
        return description;
    }

    private static KafkaClientSecurity resolve(Function<String, String> setting) {
        String protocol = setting.apply(PROTOCOL);
        protocol = protocol == null ? "PLAINTEXT" : protocol.toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new KafkaSecurityException(
                    describe(PROTOCOL)
                            + " is "
                            + setting.apply(PROTOCOL)
                            + "; expected one of "
                            + sorted(PROTOCOLS));
        }
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        Map<String, String> props = new LinkedHashMap<>();
        StringBuilder description = new StringBuilder(protocol);
        if (protocol.equals("PLAINTEXT")) {
            requireUnset(setting, protocol, SASL_MECHANISM, SASL_USERNAME, TRUSTSTORE_LOCATION);
            return new KafkaClientSecurity(props, description.toString());
        }
        props.put("security.protocol", protocol);
        if (sasl) {
            String mechanism = setting.apply(SASL_MECHANISM);
            if (mechanism == null) {
                throw new KafkaSecurityException(
                        describe(SASL_MECHANISM)
                                + " is required with "
                                + protocol
                                + "; expected one of "
                                + sorted(MECHANISMS));
            }
            mechanism = mechanism.toUpperCase(Locale.ROOT);
            String module = LOGIN_MODULES.get(mechanism);
            if (module == null) {
                throw new KafkaSecurityException(
                        describe(SASL_MECHANISM)
                                + " is "
                                + setting.apply(SASL_MECHANISM)
                                + ", an unknown SASL mechanism; expected one of "
                                + sorted(MECHANISMS));
            }
            String username = setting.apply(SASL_USERNAME);
            if (username == null) {
                throw new KafkaSecurityException(
                        describe(SASL_USERNAME) + " is required with " + protocol);
            }
            String password = secret(setting, SASL_PASSWORD, SASL_PASSWORD_FILE);
            if (password == null) {
                throw new KafkaSecurityException(
                        "a SASL password is required with "
                                + protocol
                                + ": set "
                                + describe(SASL_PASSWORD_FILE)
                                + " or the environment variable "
                                + OptionValues.environmentVariable(SASL_PASSWORD));
            }
            props.put("sasl.mechanism", mechanism);
            props.put(
                    "sasl.jaas.config",
                    module
                            + " required username=\""
                            + jaasQuoted(username)
                            + "\" password=\""
                            + jaasQuoted(password)
                            + "\";");
            description.append(' ').append(mechanism).append(" as user ").append(username);
        } else {
            requireUnset(setting, protocol, SASL_MECHANISM, SASL_USERNAME);
        }
        if (tls) {
            store(setting, props, description, "truststore", TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE);
            String trustPassword = secret(setting, TRUSTSTORE_PASSWORD, TRUSTSTORE_PASSWORD_FILE);
            if (trustPassword != null) {
                props.put("ssl.truststore.password", trustPassword);
            }
            if (store(setting, props, description, "keystore", KEYSTORE_LOCATION, KEYSTORE_TYPE)) {
                String keystorePassword =
                        secret(setting, KEYSTORE_PASSWORD, KEYSTORE_PASSWORD_FILE);
                if (keystorePassword == null && !"PEM".equals(props.get("ssl.keystore.type"))) {
                    throw new KafkaSecurityException(
                            describe(KEYSTORE_LOCATION)
                                    + " needs a password: set "
                                    + describe(KEYSTORE_PASSWORD_FILE)
                                    + " or "
                                    + OptionValues.environmentVariable(KEYSTORE_PASSWORD));
                }
                if (keystorePassword != null) {
                    props.put("ssl.keystore.password", keystorePassword);
                }
                String keyPassword = secret(setting, KEY_PASSWORD, KEY_PASSWORD_FILE);
                if (keyPassword != null) {
                    props.put("ssl.key.password", keyPassword);
                }
            }
            String identification = setting.apply(ENDPOINT_IDENTIFICATION);
            if (identification != null) {
                switch (identification.toLowerCase(Locale.ROOT)) {
                    case "https" -> props.put("ssl.endpoint.identification.algorithm", "https");
                    case "none" -> {
                        props.put("ssl.endpoint.identification.algorithm", "");
                        description.append(", host name not verified");
                    }
                    default ->
                            throw new KafkaSecurityException(
                                    describe(ENDPOINT_IDENTIFICATION)
                                            + " is "
                                            + identification
                                            + "; expected https or none");
                }
            }
        } else {
            requireUnset(setting, protocol, TRUSTSTORE_LOCATION, KEYSTORE_LOCATION);
        }
        return new KafkaClientSecurity(props, description.toString());
    }

    /** Adds a store's location and type; false when no location is set. */
    private static boolean store(
            Function<String, String> setting,
            Map<String, String> props,
            StringBuilder description,
            String name,
            String locationKey,
            String typeKey) {
        String location = setting.apply(locationKey);
        if (location == null) {
            return false;
        }
        Path file = Path.of(location);
        if (!Files.isReadable(file)) {
            throw new KafkaSecurityException(
                    describe(locationKey) + " names " + file + ", which cannot be read");
        }
        String type = setting.apply(typeKey);
        type = type == null ? guessStoreType(file) : type.toUpperCase(Locale.ROOT);
        props.put("ssl." + name + ".location", file.toAbsolutePath().toString());
        props.put("ssl." + name + ".type", type);
        description.append(", ").append(name).append(' ').append(file);
        return true;
    }

    private static String guessStoreType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")) {
            return "PKCS12";
        }
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return "JKS";
    }

    /** The secret from its file, else as such; both set is a mistake worth stopping for. */
    private static String secret(
            Function<String, String> setting, String valueKey, String fileKey) {
        String value = setting.apply(valueKey);
        String file = setting.apply(fileKey);
        if (value != null && file != null) {
            throw new KafkaSecurityException(
                    "both "
                            + describe(valueKey)
                            + " and "
                            + describe(fileKey)
                            + " are set; set only one");
        }
        if (file == null) {
            return value;
        }
        Path path = Path.of(file);
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KafkaSecurityException(
                    describe(fileKey) + " names " + path + ", which cannot be read: " + e, e);
        }
        content = content.replaceAll("[\\r\\n]+$", "");
        if (content.isEmpty()) {
            throw new KafkaSecurityException(
                    describe(fileKey) + " names " + path + ", an empty file");
        }
        return content;
    }

    private static void requireUnset(
            Function<String, String> setting, String protocol, String... keys) {
        for (String key : keys) {
            if (setting.apply(key) != null) {
                throw new KafkaSecurityException(
                        describe(key)
                                + " is set but "
                                + describe(PROTOCOL)
                                + " is "
                                + protocol
                                + ", which does not use it; set the protocol too");
            }
        }
    }

    /** Escapes a value for a double-quoted JAAS option. */
    static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String describe(String key) {
        return key + " (" + OptionValues.environmentVariable(key) + ")";
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
