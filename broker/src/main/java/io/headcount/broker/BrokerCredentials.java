package io.headcount.broker;

import io.headcount.core.kafka.KafkaClientSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The secrets of one secured broker run: TLS stores and each user's password, in files of a private
 * folder, and the broker and client settings that use them.
 */
final class BrokerCredentials {

    static final String LISTENER = "SASL_SSL";
    private static final String PLAIN_MODULE =
            "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE =
            "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final int SCRAM_ITERATIONS = 4096;

    private final SelfSignedTls tls;
    private final Map<String, String> passwords = new TreeMap<>();
    private final Map<String, Path> passwordFiles = new TreeMap<>();

    private BrokerCredentials(SelfSignedTls tls) {
        this.tls = tls;
    }

    /** Makes the certificate and a random password per user in {@code dir}. */
    static BrokerCredentials create(BrokerSecurity security, Path dir) {
        BrokerCredentials credentials = new BrokerCredentials(SelfSignedTls.create(dir));
        for (String user : security.users()) {
            String password = SelfSignedTls.randomSecret();
            Path file = dir.resolve(user + ".password");
            SelfSignedTls.writeSecret(file, password);
            credentials.passwords.put(user, password);
            credentials.passwordFiles.put(user, file);
        }
        return credentials;
    }

    /** The listener, TLS, SASL and authorizer settings of the broker. */
    Map<String, String> brokerProperties(int brokerPort, int controllerPort) {
        String adminPassword = passwords.get(BrokerSecurity.ADMIN);
        Map<String, String> props = new LinkedHashMap<>();
        String controller = BrokerProperties.CONTROLLER_LISTENER;
        props.put(
                "listeners",
                LISTENER
                        + "://localhost:"
                        + brokerPort
                        + ","
                        + controller
                        + "://localhost:"
                        + controllerPort);
        props.put("advertised.listeners", LISTENER + "://localhost:" + brokerPort);
        // The controller port stays inside this machine, but still authenticates: no anonymous
        // super user.
        props.put(
                "listener.security.protocol.map",
                LISTENER + ":SASL_SSL," + controller + ":SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", String.join(",", BrokerSecurity.MECHANISMS));
        // The broker talks to itself as admin with PLAIN: SCRAM users only exist once it runs.
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        StringBuilder plainUsers = new StringBuilder();
        passwords.forEach(
                (user, password) ->
                        plainUsers
                                .append(" user_")
                                .append(user)
                                .append("=\"")
                                .append(password)
                                .append('"'));
        String listener = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        props.put(
                listener + "plain.sasl.jaas.config",
                PLAIN_MODULE
                        + " required username=\"admin\" password=\""
                        + adminPassword
                        + "\""
                        + plainUsers
                        + ";");
        props.put(listener + "scram-sha-256.sasl.jaas.config", SCRAM_MODULE + " required;");
        props.put(listener + "scram-sha-512.sasl.jaas.config", SCRAM_MODULE + " required;");
        String controllerPrefix =
                "listener.name." + controller.toLowerCase(java.util.Locale.ROOT) + ".";
        props.put(controllerPrefix + "sasl.enabled.mechanisms", "PLAIN");
        props.put(
                controllerPrefix + "plain.sasl.jaas.config",
                PLAIN_MODULE
                        + " required username=\"admin\" password=\""
                        + adminPassword
                        + "\" user_admin=\""
                        + adminPassword
                        + "\";");
        props.put("ssl.keystore.location", tls.keystore().toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", tls.keystorePassword());
        props.put("ssl.key.password", tls.keystorePassword());
        props.put("ssl.truststore.location", tls.truststore().toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", tls.truststorePassword());
        props.put(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + BrokerSecurity.ADMIN);
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }

    /**
     * A client's security options as any component reads them ({@link KafkaClientSecurity} keys):
     * the password and the trust store's password as files.
     */
    Map<String, String> clientOptions(String user, String mechanism) {
        Path passwordFile = passwordFiles.get(user);
        if (passwordFile == null) {
            throw new IllegalArgumentException(
                    "Unknown user " + user + "; the broker knows " + passwords.keySet());
        }
        if (!BrokerSecurity.MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException(
                    "Unknown mechanism " + mechanism + "; use one of " + BrokerSecurity.MECHANISMS);
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put(KafkaClientSecurity.PROTOCOL, "SASL_SSL");
        options.put(KafkaClientSecurity.SASL_MECHANISM, mechanism);
        options.put(KafkaClientSecurity.SASL_USERNAME, user);
        options.put(KafkaClientSecurity.SASL_PASSWORD_FILE, passwordFile.toString());
        options.put(KafkaClientSecurity.TRUSTSTORE_LOCATION, tls.truststore().toString());
        options.put(KafkaClientSecurity.TRUSTSTORE_TYPE, "PKCS12");
        options.put(
                KafkaClientSecurity.TRUSTSTORE_PASSWORD_FILE,
                tls.truststorePasswordFile().toString());
        return options;
    }

    /** Kafka client properties for {@code user}. */
    Map<String, String> clientProperties(String user, String mechanism) {
        return KafkaClientSecurity.from(clientOptions(user, mechanism), name -> null)
                .clientProperties();
    }

    /**
     * SCRAM credentials live in the cluster metadata, so they are added once it runs; one request
     * per mechanism, since a request may alter a user only once.
     */
    void addScramUsers(Admin admin) throws Exception {
        for (ScramMechanism mechanism :
                List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
            List<UserScramCredentialAlteration> upserts =
                    passwords.entrySet().stream()
                            .<UserScramCredentialAlteration>map(
                                    entry ->
                                            new UserScramCredentialUpsertion(
                                                    entry.getKey(),
                                                    new ScramCredentialInfo(
                                                            mechanism, SCRAM_ITERATIONS),
                                                    entry.getValue()))
                            .toList();
            admin.alterUserScramCredentials(upserts).all().get();
        }
    }

    int userCount() {
        return passwords.size();
    }
}
