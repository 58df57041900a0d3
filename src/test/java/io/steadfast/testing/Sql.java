package io.steadfast.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the test database directly, as an operator would with psql. */
public final class Sql {

    private Sql() {
    }

    public static long number(String sql, Object... args) {
        try (Connection connection = DriverManager.getConnection(
                TestDatabase.jdbcUrl(SteadfastTestResource.DATABASE), TestDatabase.USER, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
