package io.steadfast.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.steadfast.testing.TestDatabase;

/**
 * The claim's check of the older inbox generations keeps its index plan on a connection that first ran it against
 * an empty inbox, once the older generation has grown and before its statistics are refreshed: what a pool opened by
 * a fresh deployment goes through (V11__steadfast_inbox_custom_plans.sql).
 */
@Timeout(120)
class InboxPlansTest {

    private static final String DATABASE = "steadfast_inbox_plans";
    private static final String CLAIM = "select * from steadfast_inbox_claim_generation(?, ?)";

    @BeforeAll
    static void migrate() {
        TestDatabase.recreate(DATABASE);
        Flyway.configure().dataSource(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "")
                .placeholders(Map.of("steadfast_runtime_role", "steadfast_inbox_plans_none"))
                .locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void drop() {
        TestDatabase.drop(DATABASE);
    }

    @Test
    void theOlderGenerationsCheckProbesThePrimaryKeyAfterTheInboxHasGrown() throws SQLException {
        try (Connection pooled = connect(); Connection operator = connect()) {
            // A second generation, so that claims check the first; the first empty, and analysed so (autovacuum's
            // statistics of a table that has just been made).
            execute(operator, "create table steadfast_inbox_g2 partition of steadfast_inbox for values in (2)");
            execute(operator, "insert into steadfast_inbox_generation (generation) values (2)");
            execute(operator, "vacuum analyze steadfast_inbox_g1");
            // The long-lived connection claims while the tables are empty, more than the five calls after which
            // PostgreSQL may settle on a generic plan for the connection's life.
            for (int i = 0; i < 20; i++) {
                claim(pooled, "young-" + i);
            }
            // The first generation grows to half a million rows before autovacuum analyses it again.
            execute(operator, "insert into steadfast_inbox (consumer, message_id, generation)"
                    + " select 'c', 'grown-' || n, 1 from generate_series(1, 500000) n");

            // A new message: the check finds nothing, so a sequential scan would read the whole partition.
            List<String> plan = explainedClaim(pooled, "new-message");

            assertThat(String.join("\n", plan)).as("the check of the older generation, as planned on that connection")
                    .contains("Index Only Scan using steadfast_inbox_g1_pkey")
                    .doesNotContain("Seq Scan on steadfast_inbox_g1");
        }
    }

    /** Runs one claim with auto_explain reporting the plans of the function's statements back as notices. */
    private static List<String> explainedClaim(Connection connection, String messageId) throws SQLException {
        execute(connection, "load 'auto_explain'");
        execute(connection, "set auto_explain.log_min_duration = 0");
        execute(connection, "set auto_explain.log_nested_statements = on");
        execute(connection, "set auto_explain.log_level = notice");
        execute(connection, "set client_min_messages = notice");
        List<String> notices = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, "c");
            statement.setString(2, messageId);
            statement.executeQuery().close();
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                notices.add(warning.getMessage());
            }
        }
        execute(connection, "set auto_explain.log_min_duration = -1");
        assertThat(notices).as("auto_explain's notices").anyMatch(notice -> notice.contains("steadfast_inbox_g1"));
        return notices;
    }

    private static void claim(Connection connection, String messageId) throws SQLException {
        // Server-side prepared from the first call, like the service's pooled connections' statements.
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, "c");
            statement.setString(2, messageId);
            statement.executeQuery().close();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.jdbcUrl(DATABASE), TestDatabase.USER, "");
    }
}
