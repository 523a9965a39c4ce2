package dev.seatlock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine and software a benchmark ran on, read at run time, so that every table says where its
 * figures come from.
 */
record Environment(
        String date,
        int processors,
        String cpuModel,
        String memory,
        String java,
        String os,
        String redis,
        String jedis,
        String redisson) {

    static Environment current(String redisVersion) {
        return new Environment(
                OffsetDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name"),
                readMemory(),
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"),
                redisVersion,
                jarVersion(redis.clients.jedis.UnifiedJedis.class, "jedis"),
                jarVersion(org.redisson.Redisson.class, "redisson"));
    }

    private static String readMemory() {
        String kb = procField("/proc/meminfo", "MemTotal");
        Matcher m = Pattern.compile("(\\d+)").matcher(kb);
        return m.find()
                ? String.format("%.1f GiB", Long.parseLong(m.group(1)) / 1024.0 / 1024.0)
                : kb;
    }

    private static String procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: say so below
        }
        return "unknown";
    }

    /**
     * The version in the name of the jar a class was loaded from, e.g. {@code redisson-3.52.0.jar}.
     */
    private static String jarVersion(Class<?> type, String artifact) {
        String declared = type.getPackage().getImplementationVersion();
        if (declared != null) {
            return declared;
        }
        try {
            String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            Matcher m = Pattern.compile(artifact + "-([^/]+)\\.jar$").matcher(location);
            return m.find() ? m.group(1) : location;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
