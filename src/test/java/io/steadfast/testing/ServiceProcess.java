package io.steadfast.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.restassured.http.ContentType;

/** The packaged service ({@code target/quarkus-app}) as a process of its own, against a given broker and database. */
public final class ServiceProcess {

    private final String database;
    private final String databaseHost;
    private final int databasePort;
    private final int brokerPort;
    private final int httpPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final String name;
    private Process process;
    private int starts;
    private String javaCommand = ProcessHandle.current().info().command().orElse("java");
    private long launchedAt;
    private String jar = System.getProperty("steadfast.app.jar", "target/quarkus-app/quarkus-run.jar");

    public ServiceProcess(String name, String database, int brokerPort) {
        this(name, TestDatabase.HOST, TestDatabase.PORT, database, brokerPort);
    }

    /** A service whose database is not the tests' shared PostgreSQL (a crash-prone one of the chaos soak). */
    public ServiceProcess(String name, String databaseHost, int databasePort, String database, int brokerPort) {
        this.name = name;
        this.database = database;
        this.databaseHost = databaseHost;
        this.databasePort = databasePort;
        this.brokerPort = brokerPort;
    }

    /** Starts the service with extra {@code -D} settings and waits until it is ready (database and broker). */
    public void start(String... systemProperties) throws IOException {
        launch(systemProperties);
        await().atMost(Duration.ofSeconds(90)).until(this::ready);
    }

    /**
     * Starts the service and waits until it is ready or has exited on its own (halted at a crash point): returns
     * whether it is running.
     */
    public boolean startUnlessItCrashes(String... systemProperties) throws IOException {
        launch(systemProperties);
        await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive() || ready());
        return process.isAlive();
    }

    /** Whether the service answers its readiness check with 200 (database and broker reachable). */
    public boolean ready() {
        try {
            return given().port(managementPort).get("/q/health/ready").statusCode() == 200;
        } catch (Exception notListening) { // RestAssured throws ConnectException undeclared
            return false;
        }
    }

    /** Starts the service without waiting for it: see {@link #ready()}. */
    public void launch(String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand,
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.port=" + managementPort,
                "-Damqp-host=127.0.0.1",
                "-Damqp-port=" + brokerPort,
                "-Dquarkus.datasource.username=" + TestDatabase.USER,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + databaseHost + ":" + databasePort + "/" + database,
                "-Dquarkus.datasource.reactive.url=postgresql://" + databaseHost + ":" + databasePort + "/" + database,
                "-jar", jar));
        command.addAll(command.size() - 2, List.of(systemProperties));
        starts++;
        launchedAt = System.currentTimeMillis();
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log()).start();
    }

    /** Runs the service on another JVM than the tests' own (its {@code bin/java}). */
    public ServiceProcess withJava(String command) {
        this.javaCommand = command;
        return this;
    }

    /** Runs another build of the service than {@code target/quarkus-app} (its {@code quarkus-run.jar}). */
    public ServiceProcess withJar(String runJar) {
        this.jar = runJar;
        return this;
    }

    /** Wall-clock time of the last launch, in milliseconds. */
    public long launchedAt() {
        return launchedAt;
    }

    /** The log of the last start. */
    public File log() {
        return new File("target/" + name + "-" + starts + ".log");
    }

    /** Waits for the process to end on its own (a crash point) and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("The service did not stop by itself");
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process (for signals such as SIGSTOP). */
    public long pid() {
        return process.pid();
    }

    /** The number of times this service has been started. */
    public int starts() {
        return starts;
    }

    public int exitCode() {
        return process.exitValue();
    }

    public int port() {
        return httpPort;
    }

    /** Where its health and metrics are served (the management interface). */
    public int managementPort() {
        return managementPort;
    }

    /**
     * A sample from {@code /q/metrics} ({@code name{tags}} as Prometheus prints it), or 0 when absent. An exemplar
     * after the value ({@code 1.0 # {trace_id=...} 1.0 ...}, OpenMetrics) is not part of it.
     */
    public double metric(String sample) {
        return metric(managementPort, sample);
    }

    /** {@link #metric(String)} of the service whose management interface listens on {@code port}. */
    public static double metric(int port, String sample) {
        String text = given().port(port).get("/q/metrics").asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                String value = line.substring(sample.length() + 1);
                int exemplar = value.indexOf(" #");
                return Double.parseDouble((exemplar < 0 ? value : value.substring(0, exemplar)).trim());
            }
        }
        return 0;
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: a graceful stop; returns the exit code. */
    public int stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        return process.waitFor();
    }

    public void openAccount(String id, long openingBalance) {
        given().port(httpPort).contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\",\"openingBalance\":" + openingBalance + "}")
                .put("/accounts/{id}", id).then().statusCode(201);
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://" + databaseHost + ":" + databasePort + "/" + database;
    }

    /** A single number from the service's database. */
    public long number(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), TestDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs a statement on the service's database; returns the rows it changed. */
    public int execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), TestDatabase.USER, "");
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row a query returns, from the service's database. */
    public List<String> strings(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), TestDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
