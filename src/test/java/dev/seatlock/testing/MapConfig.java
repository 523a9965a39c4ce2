package dev.seatlock.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile Config made of one map, for unit tests of code that reads its configuration: an
 * empty value counts as missing, as in MicroProfile Config; String, Integer, Boolean and Duration
 * values; lists split at commas. No profile resolution: a test names {@code mp.config.profile} and
 * the keys it means.
 */
public final class MapConfig implements Config {

    private final Map<String, String> values;

    public MapConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    private Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
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
                return "map";
            }

            @Override
            public int getSourceOrdinal() {
                return 300;
            }
        };
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
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
