package io.steadfast.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads and writes the test database directly, as an operator would with psql. */
public final class Sql {

    private Sql() {
    }

    public static Connection connection() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(SteadfastTestResource.DATABASE), TestDatabase.USER,
                "");
    }

    public static long number(String sql, Object... args) {
        try (Connection connection = connection(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one statement in a transaction of its own; returns the rows it changed. */
    public static int execute(String sql, Object... args) {
        try (Connection connection = connection(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
