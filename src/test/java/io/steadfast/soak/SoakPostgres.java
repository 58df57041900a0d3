package io.steadfast.soak;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.steadfast.testing.FreePorts;

/**
 * A PostgreSQL cluster of the soak's own (initdb into a temporary directory, its own port), so that it can be
 * crashed with {@code pg_ctl stop -m immediate} without touching the machine's shared server. Uses the binaries of
 * the newest installed Debian PostgreSQL; as root, runs them as the {@code postgres} user (initdb refuses root).
 */
final class SoakPostgres implements AutoCloseable {

    static final String USER = "postgres";

    private final Path bin;
    private final Path data;
    private final int port = FreePorts.next();
    private final Path log;
    private final Path logCopy;

    SoakPostgres(Path logDirectory) throws IOException {
        bin = binaries();
        data = Files.createTempDirectory("steadfast-soak-pg");
        // The server (as postgres) may not be allowed into the project's directory: it logs into its own.
        log = data.resolve("server.log");
        logCopy = logDirectory.resolve("postgres.log");
        if (runningAsRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", data.toString()));
        }
        run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--no-instructions"));
        Files.writeString(data.resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + data + "'",
                "max_connections = 200",
                "shared_buffers = 256MB",
                "log_min_messages = warning",
                ""));
        if (runningAsRoot()) {
            run(List.of("chown", "postgres:postgres", data.resolve("postgresql.auto.conf").toString()));
        }
    }

    int port() {
        return port;
    }

    void start() {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", "120", "start"));
        await().atMost(Duration.ofSeconds(60)).until(this::accepting);
    }

    /** The database's crash: every backend killed at once, no checkpoint; recovery replays the WAL at next start. */
    void crash() {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    void createDatabase(String name) {
        execute("postgres", "create database " + name);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    boolean accepting() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        if (accepting()) {
            crash();
        }
        try {
            Files.copy(log, logCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // No log to keep.
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    private static Path binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/initdb").canExecute());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("The chaos soak needs PostgreSQL's server binaries under"
                    + " /usr/lib/postgresql/<version>/bin (Debian's postgresql package)");
        }
        return Stream.of(versions).max(Comparator.comparingInt(f -> Integer.parseInt(f.getName().replaceAll("\\D",
                "0")))).orElseThrow().toPath().resolve("bin");
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
