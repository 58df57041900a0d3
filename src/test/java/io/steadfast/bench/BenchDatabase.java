package io.steadfast.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.steadfast.testing.TestDatabase;

/**
 * A benchmark's database on the tests' PostgreSQL, read and written over JDBC by the harness (never the service).
 * Every statement of the harness starts with {@link #MARK}, so that counting a contender's statements in
 * {@code pg_stat_statements} can leave the harness's own polling out.
 */
final class BenchDatabase {

    static final String MARK = "/* bench */ ";

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
                ResultSet rows = statement.executeQuery(MARK + sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String string(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(MARK + sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(MARK + sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(name), TestDatabase.USER, "");
    }
}
