package io.steadfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the start-up benchmark ({@code ./mvnw verify -Pbench -Dit.test=StartupBenchmarkRun}; see
 * docs/performance.md). The JDKs: {@code bench.jdk17} and {@code bench.jdk25} (by default the Debian and Temurin
 * ones under /usr/lib/jvm); a JDK that is not there is left out. {@code bench.aot-jar} names a second build of the
 * service in Quarkus's {@code aot-jar} layout (every class on the JVM's class path, so the AOT cache can hold them
 * all) to measure as well. {@code bench.variants}, a regular expression, keeps only the variants whose names it
 * finds, e.g. {@code -Dbench.variants="AOT cache, aot-jar"} for the image's best.
 */
class StartupBenchmarkRun {

    @Test
    @Timeout(value = 1, unit = TimeUnit.HOURS)
    void measureStartUp() throws Exception {
        int repeats = Integer.getInteger("bench.repeats", 5);
        Path output = Path.of(System.getProperty("bench.output", "target/bench"));
        String jdk17 = System.getProperty("bench.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64") + "/bin/java";
        String jdk25 = System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java";
        String aotJar = System.getProperty("bench.aot-jar");

        List<StartupBenchmark.Variant> variants = new ArrayList<>();
        if (Files.isExecutable(Path.of(jdk17))) {
            variants.add(new StartupBenchmark.Variant("JDK 17", jdk17, null, null, cache -> List.of()));
            variants.add(new StartupBenchmark.Variant("JDK 17 + AppCDS", jdk17, null,
                    cache -> List.of("-XX:ArchiveClassesAtExit=" + cache),
                    cache -> List.of("-XX:SharedArchiveFile=" + cache)));
        }
        if (Files.isExecutable(Path.of(jdk25))) {
            variants.add(new StartupBenchmark.Variant("JDK 25", jdk25, null, null, cache -> List.of()));
            variants.add(new StartupBenchmark.Variant("JDK 25 + AOT cache", jdk25, null,
                    cache -> List.of("-XX:AOTCacheOutput=" + cache), cache -> List.of("-XX:AOTCache=" + cache)));
            if (aotJar != null) {
                variants.add(new StartupBenchmark.Variant("JDK 25, aot-jar", jdk25, aotJar, null,
                        cache -> List.of()));
                variants.add(new StartupBenchmark.Variant("JDK 25 + AOT cache, aot-jar", jdk25, aotJar,
                        cache -> List.of("-XX:AOTCacheOutput=" + cache), cache -> List.of("-XX:AOTCache=" + cache)));
                variants.add(new StartupBenchmark.Variant("JDK 25 + AOT cache (start-only training), aot-jar", jdk25,
                        aotJar, cache -> List.of("-XX:AOTCacheOutput=" + cache),
                        cache -> List.of("-XX:AOTCache=" + cache), true));
                // Trained on traffic, run as deploy/ runs it: what a build that trains against a throwaway
                // database and broker would give the image.
                variants.add(new StartupBenchmark.Variant("JDK 25 + AOT cache, aot-jar, as deploy/ runs it", jdk25,
                        aotJar, cache -> List.of("-XX:AOTCacheOutput=" + cache),
                        cache -> List.of("-XX:AOTCache=" + cache, "-Dquarkus.flyway.migrate-at-start=false",
                                "-Dsteadfast.broker.declare-queues=false")));
                // The image's default as deploy/ runs it: an init container has migrated, the service does not;
                // the broker's operator has declared the queues, the service does not.
                variants.add(new StartupBenchmark.Variant("JDK 25 + AOT cache (start-only training), aot-jar,"
                        + " as deploy/ runs it", jdk25, aotJar, cache -> List.of("-XX:AOTCacheOutput=" + cache),
                        cache -> List.of("-XX:AOTCache=" + cache, "-Dquarkus.flyway.migrate-at-start=false",
                                "-Dsteadfast.broker.declare-queues=false"), true));
            }
        }
        assertThat(variants).as("no JDK found").isNotEmpty();
        Pattern wanted = Pattern.compile(System.getProperty("bench.variants", ""));
        variants.removeIf(variant -> !wanted.matcher(variant.name()).find());
        assertThat(variants).as("no variant's name matches bench.variants").isNotEmpty();

        List<StartupBenchmark.Measured> results = new StartupBenchmark(repeats, output).run(variants);
        String report = StartupBenchmark.markdown(results, repeats);
        Files.writeString(output.resolve("startup.md"), report);
        System.out.println(report);
        assertThat(results).allSatisfy(measured -> assertThat(measured.starts()).hasSize(repeats));
    }
}
