package io.steadfast.runtime.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.ServiceProcess;
import io.steadfast.testing.TestDatabase;

/**
 * The init container of deploy/: the packaged service with {@code steadfast.migrate-and-exit=true} migrates an
 * empty database and exits with status 0 without starting anything else (no broker is reachable, none is tried);
 * run again on the migrated schema it applies nothing and exits the same way.
 */
class MigrateAndExitIT {

    private static final String DATABASE = "steadfast_it_migrate";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void migratesThenExitsBeforeTheConsumersStart() throws Exception {
        TestDatabase.recreate(DATABASE);
        long migrations;
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        ServiceProcess service = new ServiceProcess("migrate-and-exit", DATABASE, 1);

        service.launch("-Dsteadfast.migrate-and-exit=true", "-Dquarkus.flyway.migrate-at-start=false");
        assertThat(service.awaitExit()).as("exit status; see " + service.log()).isZero();
        String first = Files.readString(service.log().toPath());

        assertThat(first).contains("Migrations applied: " + migrations + " now, schema at version " + migrations
                + "; exiting");
        assertThat(number("select count(*) from flyway_schema_history where success")).isEqualTo(migrations);
        assertThat(number("select count(*) from information_schema.tables where table_name in"
                + " ('steadfast_inbox', 'steadfast_dead_letter', 'steadfast_outbox', 'ledger_account')"))
                .isEqualTo(4);
        assertThat(first).as("nothing but the migration ran")
                .doesNotContain("Establishing connection with AMQP broker")
                .doesNotContain("Could not declare queues")
                .doesNotContain("Inbox retention");

        service.launch("-Dsteadfast.migrate-and-exit=true", "-Dquarkus.flyway.migrate-at-start=true");
        assertThat(service.awaitExit()).as("exit status; see " + service.log()).isZero();
        assertThat(Files.readString(service.log().toPath())).contains("Migrations applied: 0 now, schema at version "
                + migrations + "; exiting");
        assertThat(number("select count(*) from flyway_schema_history where success")).isEqualTo(migrations);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aDatabaseItCannotReachIsAFailedExit() throws Exception {
        ServiceProcess service = new ServiceProcess("migrate-and-exit-unreachable", "127.0.0.1", 1, "none", 1);

        service.launch("-Dsteadfast.migrate-and-exit=true", "-Dquarkus.flyway.migrate-at-start=false");

        assertThat(service.awaitExit()).as("exit status; see " + service.log()).isNotZero();
    }

    private static long number(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER,
                "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A newcomer's 9000 (or 8080) is taken: the start fails naming the port and the setting that moves it. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aTakenManagementPortFailsTheStartNamingItsSetting() throws Exception {
        TestDatabase.recreate(DATABASE);
        try (java.net.ServerSocket holder = new java.net.ServerSocket(0)) {
            ServiceProcess service = new ServiceProcess("port-taken", DATABASE, 1);
            service.launch("-Dquarkus.management.port=" + holder.getLocalPort());
            assertThat(service.awaitExit()).as("exit status; see " + service.log()).isNotZero();
            assertThat(Files.readString(service.log().toPath())).contains("Port " + holder.getLocalPort()
                    + " (health and metrics").contains("move it with quarkus.management.port (QUARKUS_MANAGEMENT_PORT)");
        }
    }
}
