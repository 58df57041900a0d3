package io.steadfast.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.steadfast.testing.TestDatabase;

/** A benchmark's database on the tests' PostgreSQL, read and written over JDBC by the harness (never the service). */
final class BenchDatabase {

    private final String name;

    BenchDatabase(String name) {
        this.name = name;
    }

    /** Drops and creates the database: a run never sees a previous run's rows. */
    BenchDatabase recreate() {
        TestDatabase.recreate(name);
        return this;
    }

    String name() {
        return name;
    }

    long number(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String string(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(name), TestDatabase.USER, "");
    }
}
