package io.steadfast.runtime.config;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The few Quarkus settings Steadfast reads besides its own, with Quarkus's defaults: the ports it checks before
 * Quarkus opens them, the request size its HTTP limits answer for, the database its outbox listener connects to
 * (and dev mode creates), and whether tracing is on. Mapped here because Quarkus's own configuration roots are
 * not API; their keys are.
 */
@ConfigMapping(prefix = "quarkus")
public interface QuarkusSettings {

    /** {@code quarkus.http.*}. */
    Http http();

    /** {@code quarkus.management.*}. */
    Management management();

    /** {@code quarkus.datasource.*}. */
    Datasource datasource();

    /** {@code quarkus.otel.*}. */
    Otel otel();

    /** The HTTP server. */
    interface Http {

        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("8080")
        int port();

        Limits limits();

        /** Request limits. */
        interface Limits {

            @WithName("max-body-size")
            @WithDefault("10M")
            MemorySize maxBodySize();
        }
    }

    /** The management interface (health, metrics). */
    interface Management {

        @WithDefault("false")
        boolean enabled();

        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("9000")
        int port();
    }

    /** The default datasource. */
    interface Datasource {

        Optional<String> username();

        Optional<String> password();

        Jdbc jdbc();

        Reactive reactive();

        /** The JDBC URL (Flyway's connection). */
        interface Jdbc {

            Optional<String> url();
        }

        /** The reactive client. */
        interface Reactive {

            /** One URL or several, comma separated. */
            Optional<List<String>> url();
        }
    }

    /** OpenTelemetry. */
    interface Otel {

        Sdk sdk();

        /** The SDK. */
        interface Sdk {

            @WithDefault("false")
            boolean disabled();
        }
    }
}
