package dev.seatlock.lock;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code maxmemory-policy} of each server behind the lock, as far as it could be read: what
 * {@link LockStoreEviction} found, for the start-up log and the readiness check.
 *
 * @param servers one entry per server asked, in the order asked; at least one
 */
public record EvictionReport(List<Server> servers) {

    /**
     * One server's answer.
     *
     * @param name where it is, e.g. {@code 127.0.0.1:6379}; no credentials
     * @param policy its {@code maxmemory-policy}, e.g. {@code noeviction}; empty when it could not
     *     be read
     * @param uncheckedBecause why it could not be read; empty when it was
     */
    public record Server(String name, Optional<String> policy, Optional<String> uncheckedBecause) {

        public Server {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(uncheckedBecause, "uncheckedBecause");
            if (policy.isPresent() == uncheckedBecause.isPresent()) {
                throw new IllegalArgumentException(
                        "a server has a policy or a reason it has none, not both: " + name);
            }
        }

        public static Server read(String name, String policy) {
            return new Server(name, Optional.of(policy.toLowerCase(Locale.ROOT)), Optional.empty());
        }

        public static Server unchecked(String name, String reason) {
            return new Server(name, Optional.empty(), Optional.of(reason));
        }

        /** Whether its policy lets Redis evict keys: {@code allkeys-*} or {@code volatile-*}. */
        public boolean evicts() {
            return policy.filter(p -> p.startsWith("allkeys-") || p.startsWith("volatile-"))
                    .isPresent();
        }
    }

    public EvictionReport {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("an eviction report covers at least one server");
        }
    }

    /** Whether some server may evict SeatLock's keys. */
    public boolean evicts() {
        return servers.stream().anyMatch(Server::evicts);
    }

    /** Whether some server's policy could not be read. */
    public boolean incomplete() {
        return servers.stream().anyMatch(s -> s.policy().isEmpty());
    }

    /**
     * The policies read, e.g. {@code noeviction}, or {@code a:6379=noeviction, b:6379=volatile-lru}
     * for several servers; {@code unknown} for one that could not be read.
     */
    public String policies() {
        if (servers.size() == 1) {
            return servers.get(0).policy().orElse("unknown");
        }
        return servers.stream()
                .map(s -> s.name() + "=" + s.policy().orElse("unknown"))
                .collect(Collectors.joining(", "));
    }

    /** Why some policies could not be read, server by server; empty when all were. */
    public Optional<String> unchecked() {
        String reasons =
                servers.stream()
                        .filter(s -> s.uncheckedBecause().isPresent())
                        .map(s -> s.name() + ": " + s.uncheckedBecause().get())
                        .collect(Collectors.joining("; "));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(reasons);
    }

    /** What an operator must know when some server may evict, naming them; empty otherwise. */
    public Optional<String> warning() {
        return warning(true);
    }

    /**
     * {@link #warning()} without the servers' names and addresses: for answers anyone may read (the
     * readiness check), while the log keeps the names.
     */
    public Optional<String> warningWithoutNames() {
        return warning(false);
    }

    /**
     * The policies read, without the servers' names: {@code noeviction}, or {@code noeviction,
     * volatile-lru} for several servers in the order asked; {@code unknown} for one that could not
     * be read.
     */
    public String policiesWithoutNames() {
        return servers.stream()
                .map(s -> s.policy().orElse("unknown"))
                .collect(Collectors.joining(", "));
    }

    /** How many servers' policies could not be read, e.g. {@code 1 of 3 servers}; empty if none. */
    public Optional<String> uncheckedCount() {
        long unchecked = servers.stream().filter(s -> s.policy().isEmpty()).count();
        return unchecked == 0
                ? Optional.empty()
                : Optional.of(unchecked + " of " + servers.size() + " servers");
    }

    private Optional<String> warning(boolean withNames) {
        List<Server> evicting = servers.stream().filter(Server::evicts).toList();
        if (evicting.isEmpty()) {
            return Optional.empty();
        }
        boolean onlyVolatile =
                evicting.stream().allMatch(s -> s.policy().orElseThrow().startsWith("volatile-"));
        String what =
                onlyVolatile
                        ? "evicts keys with an expiry first, which are exactly SeatLock's leases and fence counters"
                        : "evicts any key, SeatLock's leases and fence counters included";
        String where =
                withNames
                        ? " on "
                                + evicting.stream()
                                        .map(Server::name)
                                        .collect(Collectors.joining(", "))
                        : "";
        return Optional.of(
                "maxmemory-policy "
                        + evicting.stream()
                                .map(s -> s.policy().orElseThrow())
                                .distinct()
                                .collect(Collectors.joining(", "))
                        + where
                        + " "
                        + what
                        + " once Redis reaches maxmemory: an evicted"
                        + " lease frees a seat while its buyer still pays (the fencing check and the unique constraint"
                        + " refuse the second sale, but the first buyer loses the hold). Set maxmemory-policy noeviction"
                        + " on the lock store");
    }
}
