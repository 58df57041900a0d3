package io.steadfast.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local PostgreSQL the tests use: {@code STEADFAST_TEST_PG_HOST}/{@code _PORT}/{@code _USER}, by default
 * 127.0.0.1:5432 as postgres (trust authentication). Each test run starts from a freshly created database.
 */
public final class TestDatabase {

    public static final String HOST = env("STEADFAST_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("STEADFAST_TEST_PG_PORT", "5432"));
    public static final String USER = env("STEADFAST_TEST_PG_USER", "postgres");
    /**
     * The role the service runs as in tests: it may read and change rows and nothing else (no DDL), as in
     * production; the migrations run as {@link #USER}.
     */
    public static final String RUNTIME_ROLE = "steadfast_test_runtime";

    private TestDatabase() {
    }

    /** Drops and creates {@code name}, so a run never sees a previous run's rows; makes the runtime role. */
    public static void recreate(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
            statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + RUNTIME_ROLE
                    + "') then create role " + RUNTIME_ROLE + " login; end if; end $$");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is needed by the tests", e);
        }
    }

    /** Drops {@code name} if it exists: for a test of what creates it. */
    public static void drop(String name) {
        execute("drop database if exists " + name + " with (force)");
    }

    /** Runs a statement in the server's {@code postgres} database. */
    public static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
