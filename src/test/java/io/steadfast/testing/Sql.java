package io.steadfast.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads and writes the test database directly, as an operator would with psql. */
public final class Sql {

    private Sql() {
    }

    public static Connection connection() throws SQLException {
        return connection(TestDatabase.USER);
    }

    /** A connection as the given role; {@link TestDatabase#RUNTIME_ROLE} is the role the service itself runs as. */
    public static Connection connection(String role) throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(SteadfastTestResource.DATABASE), role, "");
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

    /** The first column of every row. */
    public static List<String> strings(String sql, Object... args) {
        return stringsAs(TestDatabase.USER, sql, args);
    }

    /** The first column of every row, read as the given role. */
    public static List<String> stringsAs(String role, String sql, Object... args) {
        try (Connection connection = connection(role);
                PreparedStatement statement = prepare(connection, sql, args)) {
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** An outbox row as the runtime writes it, inserted in the caller's transaction. */
    public static UUID insertOutboxRow(Connection connection, UUID id, String address, String key, String body)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into steadfast_outbox"
                + " (id, seq, address, partition_key, body, content_type, headers)"
                + " values (?, 0, ?, ?, ?, 'application/json', '{}')")) {
            statement.setObject(1, id);
            statement.setString(2, address);
            statement.setString(3, key);
            statement.setBytes(4, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            statement.executeUpdate();
        }
        return id;
    }
}
