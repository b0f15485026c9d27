package io.headcount.schemas.codec;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes outside a trusted set. Trusting the contract
 * package in code (rather than by a system property) makes every JVM that decodes our records work,
 * Flink task managers included.
 */
final class TrustedPackages {

    private static final String CONTRACT_PACKAGE = "io.headcount.schemas.";

    private TrustedPackages() {}

    static synchronized void trustContracts() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof ContractPredicate) {
            return;
        }
        ClassSecurityValidator.setGlobal(new ContractPredicate(current));
    }

    private record ContractPredicate(ClassSecurityValidator.ClassSecurityPredicate fallback)
            implements ClassSecurityValidator.ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> clazz) {
            return clazz.getName().startsWith(CONTRACT_PACKAGE) || fallback.isTrusted(clazz);
        }
    }
}
