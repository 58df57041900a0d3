package io.steadfast.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./mvnw quarkus:dev} as a user runs it, in a copy of the project (so that it compiles, writes its embedded
 * broker's data and holds its ports apart from the build that runs the tests). Settings reach the dev-mode JVM the
 * way a user's would, as environment variables; {@code %dev} ones in their {@code _DEV_} form, because a profile's
 * own value outranks a plain one. Stopped by PID, with every process it started (Maven forks the application).
 */
public final class DevModeProcess implements AutoCloseable {

    /** What is copied of a project: enough to build and run it, not its tests or build output. */
    private static final List<String> PROJECT_FILES = List.of("pom.xml", "mvnw", ".mvn", "src/main", "README.md");

    private final Path project;
    private final Map<String, String> environment;
    private final Path log;
    private final int httpPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private Process process;

    private DevModeProcess(Path project, Map<String, String> environment) {
        this.project = project;
        this.environment = environment;
        this.log = project.resolve("dev-mode.log");
    }

    /**
     * Copies {@code source} (a checkout of this project; {@code -Dsteadfast.devmode.project} chooses another, to
     * run the test against an older tree) to {@code target} and prepares dev mode there.
     */
    public static DevModeProcess copyOf(Path source, Path target, Map<String, String> environment) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
                }
            }
            for (String file : PROJECT_FILES) {
                copy(source.resolve(file), target.resolve(file));
            }
            target.resolve("mvnw").toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DevModeProcess(target, environment);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Starts {@code ./mvnw quarkus:dev} without waiting: see {@link #ready()}. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(project.resolve("mvnw").toString(), "-B", "quarkus:dev",
                // No debugger port (5005 may be taken) and no continuous testing: the user's defaults otherwise.
                "-Ddebug=false", "-Dquarkus.test.continuous-testing=disabled"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        // The build running this test exports its own Maven's settings; the user's shell has none of them.
        builder.environment().keySet().removeIf(name -> name.startsWith("MAVEN_"));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Whether the application answers its readiness check with 200 (database and broker reachable). */
    public boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Dev mode exited with " + process.exitValue() + "; its log: " + log);
        }
        // A failed start leaves dev mode alive, waiting for a fix to reload: nothing will become ready.
        if (log().contains("to recover from previous Quarkus startup failure")) {
            throw new IllegalStateException("The application failed to start in dev mode; its log: " + log);
        }
        try {
            return given().port(managementPort).get("/q/health/ready").statusCode() == 200;
        } catch (Exception notListening) { // RestAssured throws ConnectException undeclared
            return false;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path project() {
        return project;
    }

    /** What a script printed (stdout and stderr together), and how it exited. */
    public record Run(int exitCode, String output) {
    }

    /**
     * Runs {@code script} with bash in the project, as a user's second terminal would (the user's environment, no
     * Maven settings of the build running the test); killed by PID with everything it started if it outlasts
     * {@code timeout}.
     */
    public Run runScript(String script, java.time.Duration timeout) throws IOException, InterruptedException {
        Path output = project.resolve("script-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-c", script).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("MAVEN_"));
        Process run = builder.start();
        try {
            if (!run.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The script did not finish within " + timeout + ": "
                        + Files.readString(output));
            }
            return new Run(run.exitValue(), Files.readString(output));
        } finally {
            run.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    /** Everything dev mode (Maven and the application) printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills Maven and every process below it (the application's JVM), by PID, and waits for them to end. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + handle.pid() + " of dev mode did not end", e);
            }
        }
    }
}
