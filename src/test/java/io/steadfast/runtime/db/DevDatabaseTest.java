package io.steadfast.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.steadfast.testing.TestDatabase;

/** Dev mode's database, on the real PostgreSQL. */
class DevDatabaseTest {

    private static final String DATABASE = "steadfast_it_devdb";
    private static final String NO_CREATEDB_ROLE = "steadfast_test_nocreatedb";

    @AfterEach
    void dropIt() {
        TestDatabase.drop(DATABASE);
    }

    @Test
    void aMissingDatabaseIsCreatedAndAnExistingOneLeftAsItIs() throws SQLException {
        TestDatabase.drop(DATABASE);
        DevDatabase.createIfMissing(TestDatabase.jdbcUrl(DATABASE) + "?ApplicationName=dev", TestDatabase.USER, "");
        try (Connection created = DriverManager.getConnection(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "")) {
            created.createStatement().execute("create table kept (id int)");
        }
        DevDatabase.createIfMissing(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "");
        try (Connection again = DriverManager.getConnection(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "")) {
            assertThat(again.createStatement().executeQuery("select count(*) from kept").next()).isTrue();
        }
    }

    @Test
    void aUserWhoMayNotCreateItIsToldHowToGetOne() {
        TestDatabase.drop(DATABASE);
        TestDatabase.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + NO_CREATEDB_ROLE
                + "') then create role " + NO_CREATEDB_ROLE + " login nocreatedb; end if; end $$");
        assertThatThrownBy(() -> DevDatabase.createIfMissing(TestDatabase.jdbcUrl(DATABASE), NO_CREATEDB_ROLE, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Dev mode's database " + DATABASE + " does not exist")
                .hasMessageContaining("createdb -h localhost -U postgres " + DATABASE)
                .hasMessageContaining("%dev.quarkus.datasource.jdbc.url");
    }
}
