package io.steadfast.runtime.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.LaunchMode;
import io.steadfast.runtime.config.QuarkusSettings;
import io.steadfast.runtime.config.SteadfastConfig;

/**
 * Dev mode's own database ({@code steadfast_dev}), created on first start so that a newcomer's {@code quarkus:dev}
 * neither needs a manual step nor writes into the server's {@code postgres} database. Written by hand because no
 * Quarkus extension creates a database; hooked in as a Flyway customizer because Flyway's migration at start is the
 * first thing that connects, and a customizer is called just before it.
 */
@ApplicationScoped
public class DevDatabase implements FlywayConfigurationCustomizer {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);
    /** {@code jdbc:postgresql://host:port/name?params}: the server part, the database name, the rest. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(.*)");

    @Inject
    SteadfastConfig config;

    @Inject
    QuarkusSettings quarkus;

    @Override
    public void customize(FluentConfiguration configuration) {
        QuarkusSettings.Datasource datasource = quarkus.datasource();
        Optional<String> url = datasource.jdbc().url();
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && config.createDevDatabase() && url.isPresent()) {
            createIfMissing(url.get(), datasource.username().orElse(""), datasource.password().orElse(""));
        }
    }

    /** Creates the database {@code jdbcUrl} names unless it exists; a refusal says what to do instead. */
    static void createIfMissing(String jdbcUrl, String username, String password) {
        Matcher parts = URL.matcher(jdbcUrl);
        if (!parts.matches() || parts.group(2).equals("postgres")) {
            return;
        }
        String database = parts.group(2);
        String maintenance = parts.group(1) + "postgres" + parts.group(3);
        try (Connection connection = DriverManager.getConnection(maintenance, username, password);
                PreparedStatement exists = connection.prepareStatement(
                        "select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
            }
            LOG.infof("Created dev mode's database %s", database);
        } catch (SQLException e) {
            throw new IllegalStateException("Dev mode's database " + database + " does not exist and could not be"
                    + " created as " + username + " (" + e.getMessage() + "). Create it (createdb -h localhost -U"
                    + " postgres " + database + "), or point %dev.quarkus.datasource.jdbc.url and"
                    + " %dev.quarkus.datasource.reactive.url at a database that exists.", e);
        }
    }
}
