package io.steadfast.runtime.db;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;
import io.steadfast.testing.Sql;
import io.steadfast.testing.TestDatabase;

/**
 * The service runs as a role that reads and changes rows and can do nothing else (the whole test suite runs as it,
 * migrations as the schema's owner): it cannot create, alter, drop or truncate anything.
 */
@QuarkusTest
@Timeout(60)
class RuntimeRoleTest {

    @Test
    void theServiceIsConnectedAsTheRuntimeRole() {
        given().get("/accounts/{id}", "runtime-role-probe").then().statusCode(404);

        assertThat(Sql.strings("select distinct usename from pg_stat_activity where datname = current_database()"
                + " and application_name <> 'PostgreSQL JDBC Driver' and pid <> pg_backend_pid()"))
                .contains(TestDatabase.RUNTIME_ROLE).doesNotContain(TestDatabase.USER);
    }

    @Test
    void theRuntimeRoleCannotChangeTheSchema() throws SQLException {
        List<String> ddl = List.of(
                "create table steadfast_intruder (id int)",
                "alter table steadfast_inbox add column intruder int",
                "drop table steadfast_dead_letter",
                "truncate steadfast_outbox",
                "create index intruder on steadfast_dead_letter (reason)",
                "create function intruder() returns int language sql as 'select 1'",
                "alter function steadfast_inbox_rotate(interval) security invoker");
        try (Connection connection = Sql.connection(TestDatabase.RUNTIME_ROLE)) {
            for (String statement : ddl) {
                assertThatThrownBy(() -> run(connection, statement)).as(statement)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(statement)
                                .isEqualTo("42501"));
            }
            assertThat(Sql.number("select count(*) from pg_tables where tablename = 'steadfast_intruder'")).isZero();
        }
    }

    @Test
    void theRuntimeRoleReadsAndWritesRows() throws SQLException {
        try (Connection connection = Sql.connection(TestDatabase.RUNTIME_ROLE)) {
            run(connection, "insert into steadfast_inbox (consumer, message_id, generation) select 'role-test', 'm1',"
                    + " generation from steadfast_inbox_claim_generation('role-test', 'm1') generation");
            run(connection, "delete from steadfast_inbox where consumer = 'role-test'");
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
