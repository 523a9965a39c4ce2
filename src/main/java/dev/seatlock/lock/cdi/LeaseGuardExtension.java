package dev.seatlock.lock.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.inject.spi.configurator.AnnotatedMethodConfigurator;
import jakarta.enterprise.inject.spi.configurator.AnnotatedTypeConfigurator;
import jakarta.transaction.Transactional;

/**
 * Adds {@link LeaseGuarded} wherever {@code @Transactional} is declared. JTA has no portable
 * "transaction begun" event (Liberty fires {@code @Initialized(TransactionScoped.class)} only when
 * a transaction-scoped bean is used), and a lock interceptor that runs outside the transaction
 * cannot see transactions that beans it calls begin; an interceptor on every transactional method
 * can.
 */
public class LeaseGuardExtension implements Extension {

    <T> void guardTransactionalMethods(
            @Observes @WithAnnotations(Transactional.class) ProcessAnnotatedType<T> event) {
        AnnotatedTypeConfigurator<T> type = event.configureAnnotatedType();
        if (type.getAnnotated().isAnnotationPresent(Transactional.class)) {
            type.add(LeaseGuarded.Literal.INSTANCE);
        }
        for (AnnotatedMethodConfigurator<? super T> method : type.methods()) {
            if (method.getAnnotated().isAnnotationPresent(Transactional.class)) {
                method.add(LeaseGuarded.Literal.INSTANCE);
            }
        }
    }
}
