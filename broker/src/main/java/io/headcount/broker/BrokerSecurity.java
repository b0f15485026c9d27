package io.headcount.broker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes the embedded broker listen with {@code SASL_SSL} only, as a production cluster would: TLS
 * with a self-signed certificate made at start, SASL users (each known for {@code PLAIN}, {@code
 * SCRAM-SHA-256} and {@code SCRAM-SHA-512}, with a random password) and ACLs enforced by KRaft's
 * {@code StandardAuthorizer}. Only {@value #ADMIN} is a super user; every other user may do only
 * what an ACL grants it.
 *
 * <pre>{@code
 * EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder()
 *         .security(BrokerSecurity.saslSsl("gateway", "inference"))
 *         .start();
 * Map<String, String> gateway = kafka.clientProperties("gateway");
 * }</pre>
 */
public final class BrokerSecurity {

    /** The broker's own user and the only super user. */
    public static final String ADMIN = "admin";

    /** The mechanism clients get unless they ask for another. */
    public static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";

    public static final List<String> MECHANISMS =
            List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** User names go into JAAS option names and ACL principals: keep them plain. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Set<String> users;

    private BrokerSecurity(Set<String> users) {
        this.users = Set.copyOf(users);
    }

    /** SASL_SSL with {@value #ADMIN} and {@code users}. */
    public static BrokerSecurity saslSsl(String... users) {
        return saslSsl(List.of(users));
    }

    public static BrokerSecurity saslSsl(List<String> users) {
        Set<String> all = new LinkedHashSet<>();
        all.add(ADMIN);
        for (String user : users) {
            Objects.requireNonNull(user, "user");
            if (!USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException("Not a plain user name: " + user);
            }
            all.add(user);
        }
        return new BrokerSecurity(all);
    }

    /** Every user, {@value #ADMIN} included. */
    public Set<String> users() {
        return users;
    }
}
