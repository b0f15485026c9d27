package io.headcount.app.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.Endpoint;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.authorizer.AuthorizerServerInfo;

/**
 * The broker's authorizer in the fault suite: it allows everything, except that, once {@link #close
 * closed} for a transactional-id prefix, it refuses every {@code EndTxn} of those ids. That holds a
 * Flink checkpoint's Kafka transactions in the state the job leaves them in between the
 * checkpoint's completion and their commit, for as long as the test needs to kill the job there.
 *
 * <p>The broker runs in the test's JVM and creates this class itself, so the switch is static.
 */
public final class CommitGate implements Authorizer {

    private static volatile String closedPrefix;
    private static final List<String> REFUSED = new CopyOnWriteArrayList<>();

    /** Refuses, from now on, every commit or abort of a transactional id with this prefix. */
    static void close(String transactionalIdPrefix) {
        REFUSED.clear();
        closedPrefix = transactionalIdPrefix;
    }

    /** Lets every transaction end again. */
    static void open() {
        closedPrefix = null;
    }

    /** The transactional ids whose end was refused since the last {@link #close}. */
    static List<String> refused() {
        return List.copyOf(REFUSED);
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Map<Endpoint, ? extends CompletionStage<Void>> start(AuthorizerServerInfo serverInfo) {
        return serverInfo.endpoints().stream()
                .collect(
                        Collectors.toMap(
                                Function.identity(),
                                endpoint -> CompletableFuture.completedFuture(null)));
    }

    @Override
    public List<AuthorizationResult> authorize(
            AuthorizableRequestContext context, List<Action> actions) {
        return actions.stream().map(action -> decide(context, action)).toList();
    }

    private static AuthorizationResult decide(AuthorizableRequestContext context, Action action) {
        String prefix = closedPrefix;
        if (prefix != null
                && context.requestType() == ApiKeys.END_TXN.id
                && action.resourcePattern().resourceType() == ResourceType.TRANSACTIONAL_ID
                && action.resourcePattern().name().startsWith(prefix)) {
            REFUSED.add(action.resourcePattern().name());
            return AuthorizationResult.DENIED;
        }
        return AuthorizationResult.ALLOWED;
    }

    @Override
    public AuthorizationResult authorizeByResourceType(
            AuthorizableRequestContext context, AclOperation op, ResourceType resourceType) {
        return AuthorizationResult.ALLOWED;
    }

    @Override
    public List<? extends CompletionStage<AclCreateResult>> createAcls(
            AuthorizableRequestContext context, List<AclBinding> bindings) {
        throw new UnsupportedOperationException("the fault suite's broker keeps no ACLs");
    }

    @Override
    public List<? extends CompletionStage<AclDeleteResult>> deleteAcls(
            AuthorizableRequestContext context, List<AclBindingFilter> filters) {
        throw new UnsupportedOperationException("the fault suite's broker keeps no ACLs");
    }

    @Override
    public Iterable<AclBinding> acls(AclBindingFilter filter) {
        return List.of();
    }

    @Override
    public void close() {}
}
