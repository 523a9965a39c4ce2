package dev.seatlock.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile Config made of one map, for unit tests of code that reads its configuration: an
 * empty value counts as missing, as in MicroProfile Config; String, Integer, Boolean and Duration
 * values; lists split at commas. No profile resolution: a test names {@code mp.config.profile} and
 * the keys it means. Optionally two layers, as an application's defaults (source {@code defaults},
 * ordinal 100) under overrides from a higher source ({@code env}, ordinal 300), for code that asks
 * where a value came from.
 */
public final class MapConfig implements Config {

    private final Map<String, String> defaults;
    private final Map<String, String> overrides;
    private final String overridesSource;

    /** One map, reported as source {@code map} of ordinal 300. */
    public MapConfig(Map<String, String> values) {
        this(Map.of(), values, "map");
    }

    /**
     * {@code overrides} (source {@code env}, 300) above {@code defaults} (source defaults, 100).
     */
    public MapConfig(Map<String, String> defaults, Map<String, String> overrides) {
        this(defaults, overrides, "env");
    }

    private MapConfig(
            Map<String, String> defaults, Map<String, String> overrides, String overridesSource) {
        this.defaults = Map.copyOf(defaults);
        this.overrides = Map.copyOf(overrides);
        this.overridesSource = overridesSource;
    }

    private Optional<String> raw(String name) {
        String v = overrides.containsKey(name) ? overrides.get(name) : defaults.get(name);
        return Optional.ofNullable(v).filter(s -> !s.isEmpty());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        return raw(name).map(v -> (T) convert(v, type));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<List<T>> getOptionalValues(String name, Class<T> type) {
        return raw(name)
                .map(
                        v ->
                                Arrays.stream(v.split(","))
                                        .filter(s -> !s.isEmpty())
                                        .map(s -> (T) convert(s, type))
                                        .toList())
                .filter(list -> !list.isEmpty());
    }

    private static Object convert(String v, Class<?> type) {
        if (type == String.class) {
            return v;
        } else if (type == Integer.class) {
            return Integer.valueOf(v);
        } else if (type == Boolean.class) {
            return Boolean.valueOf(v);
        } else if (type == Duration.class) {
            return Duration.parse(v);
        }
        throw new IllegalArgumentException(type.getName());
    }

    @Override
    public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow();
    }

    @Override
    public ConfigValue getConfigValue(String name) {
        boolean overridden = overrides.containsKey(name);
        String value = raw(name).orElse(null);
        return new ConfigValue() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getValue() {
                return value;
            }

            @Override
            public String getRawValue() {
                return value;
            }

            @Override
            public String getSourceName() {
                return overridden ? overridesSource : "defaults";
            }

            @Override
            public int getSourceOrdinal() {
                return overridden ? 300 : 100;
            }
        };
    }

    @Override
    public Iterable<String> getPropertyNames() {
        Set<String> names = new TreeSet<>(defaults.keySet());
        names.addAll(overrides.keySet());
        return names;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }
}
