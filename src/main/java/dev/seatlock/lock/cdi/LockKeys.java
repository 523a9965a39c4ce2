package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LockKey;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the lock keys among a {@code @SeatLocked} method's arguments: every {@link LockKey}
 * argument and every {@link LockKey} element of a {@link Collection} argument, in argument order,
 * without duplicates.
 */
public final class LockKeys {

    private LockKeys() {}

    /**
     * @throws IllegalStateException when no argument yields a key: a {@code @SeatLocked} method
     *     that locks nothing is a programming error, not a run-time condition
     */
    public static List<String> of(Method method, Object[] arguments) {
        Set<String> keys = new LinkedHashSet<>();
        if (arguments != null) {
            for (Object argument : arguments) {
                if (argument instanceof LockKey key) {
                    keys.add(requireKey(method, key));
                } else if (argument instanceof Collection<?> collection) {
                    for (Object element : collection) {
                        if (element instanceof LockKey key) {
                            keys.add(requireKey(method, key));
                        }
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(
                    "@SeatLocked method "
                            + describe(method)
                            + " was called without any LockKey argument (nor a non-empty collection of LockKeys):"
                            + " there is nothing to lock");
        }
        return new ArrayList<>(keys);
    }

    private static String requireKey(Method method, LockKey key) {
        String name = key.lockKey();
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(
                    "@SeatLocked method "
                            + describe(method)
                            + ": "
                            + key.getClass().getName()
                            + ".lockKey() returned a blank key");
        }
        return name;
    }

    static String describe(Method method) {
        return method == null
                ? "?"
                : method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
