package dev.seatlock.lock.cdi;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LeaseTime;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves, once per bean class and method, the lease, wait and fencing of a {@link SeatLocked}
 * method.
 *
 * <p>Jakarta EE 10 has no {@code InvocationContext.getInterceptorBinding}: the annotation is read
 * from the method, else from the bean class (the real one, never the client proxy), else from its
 * superclasses ({@code @SeatLocked} is {@code @Inherited}). An empty member falls back to {@link
 * LockSettings}.
 */
@ApplicationScoped
public class SeatLockedMethods {

    /**
     * What the interceptors need to know about one intercepted method.
     *
     * @param leaseParameter index of its {@link LeaseTime} parameter, or -1: then {@code lease}
     * @param checkAtCommit {@link SeatLocked#checkAtCommit()}
     */
    public record Metadata(
            String name,
            Duration lease,
            Duration waitTime,
            Fencing fencing,
            int leaseParameter,
            boolean checkAtCommit) {

        /** The lease of one call: its {@link LeaseTime} argument, else the method's lease. */
        public Duration leaseOf(Object[] arguments) {
            if (leaseParameter < 0) {
                return lease;
            }
            Object value = arguments[leaseParameter];
            if (!(value instanceof Duration d) || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(
                        "the @LeaseTime argument of " + name + " must be positive: " + value);
            }
            return d;
        }
    }

    private record CacheKey(Class<?> beanClass, Method method) {}

    private final LockSettings settings;
    private final ConcurrentMap<CacheKey, Metadata> cache = new ConcurrentHashMap<>();

    @Inject
    public SeatLockedMethods(LockSettings settings) {
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected SeatLockedMethods() {
        this.settings = null;
    }

    public Metadata metadata(Class<?> beanClass, Method method) {
        return cache.computeIfAbsent(
                new CacheKey(beanClass, method), key -> resolve(key.beanClass(), key.method()));
    }

    private Metadata resolve(Class<?> beanClass, Method method) {
        SeatLocked annotation = find(beanClass, method);
        String name = LockKeys.describe(method);
        Duration lease =
                annotation == null
                        ? settings.lease()
                        : parse(annotation.lease(), settings.lease(), name, "lease");
        Duration wait =
                annotation == null
                        ? settings.waitTime()
                        : parse(annotation.waitTime(), settings.waitTime(), name, "waitTime");
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalStateException(
                    "@SeatLocked(lease) of " + name + " must be positive: " + lease);
        }
        if (wait.isNegative()) {
            throw new IllegalStateException(
                    "@SeatLocked(waitTime) of " + name + " must not be negative: " + wait);
        }
        Fencing fencing = annotation == null || annotation.fenced() ? Fencing.TOKENS : Fencing.NONE;
        boolean checkAtCommit = annotation == null || annotation.checkAtCommit();
        return new Metadata(
                name, lease, wait, fencing, leaseParameter(method, name), checkAtCommit);
    }

    private static int leaseParameter(Method method, String name) {
        int found = -1;
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(LeaseTime.class)) {
                if (found >= 0 || parameters[i].getType() != Duration.class) {
                    throw new IllegalStateException(
                            "@LeaseTime marks one Duration parameter of " + name);
                }
                found = i;
            }
        }
        return found;
    }

    static SeatLocked find(Class<?> beanClass, Method method) {
        SeatLocked onMethod = method.getAnnotation(SeatLocked.class);
        if (onMethod != null) {
            return onMethod;
        }
        for (Class<?> type = beanClass;
                type != null && type != Object.class;
                type = type.getSuperclass()) {
            SeatLocked onType = type.getAnnotation(SeatLocked.class);
            if (onType != null) {
                return onType;
            }
        }
        return method.getDeclaringClass().getAnnotation(SeatLocked.class);
    }

    private static Duration parse(String value, Duration fallback, String method, String member) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(
                    "@SeatLocked("
                            + member
                            + " = \""
                            + value
                            + "\") of "
                            + method
                            + " is not an ISO-8601 duration such as PT30S",
                    e);
        }
    }
}
