package io.steadfast.runtime.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.steadfast.runtime.config.QuarkusSettings;
import io.steadfast.runtime.config.SteadfastConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Request limits answered like every other error, in JSON with a stable code, before a request reaches a resource:
 * a body over {@code quarkus.http.limits.max-body-size} (413 {@code body-too-large}), and headers over {@code steadfast.http.max-header-size} (431
 * {@code headers-too-large}). A chunked HTTP/1.1 body is read and counted here, so that one that grows
 * past the limit gets the same answer. Vert.x's own header limit ({@code quarkus.http.limits.max-header-size}) is set far
 * above ours, because a request it refuses gets a bare status with no body.
 */
@ApplicationScoped
public class HttpLimits {

    private static final int BEFORE_EVERYTHING = 10_000;

    @Inject
    SteadfastConfig config;

    @Inject
    QuarkusSettings quarkus;

    private volatile BodyHandler chunkedBodies;

    void install(@Observes Filters filters) {
        filters.register(this::check, BEFORE_EVERYTHING);
    }

    void installFailureHandler(@Observes Router router) {
        router.route().failureHandler(this::bodyTooLarge);
    }

    private void check(RoutingContext context) {
        long headerBytes = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        long maxHeaders = config.http().maxHeaderSize().asLongValue();
        if (headerBytes > maxHeaders) {
            refuse(context, 431, "headers-too-large", "The request headers take " + headerBytes
                    + " bytes; at most " + maxHeaders + " are accepted");
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodySize()) {
            refuse(context, 413, "body-too-large", "The request body has " + length.trim() + " bytes; at most "
                    + maxBodySize() + " are accepted");
            return;
        }
        if (length == null && context.request().version() != HttpVersion.HTTP_2
                && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // Chunked, of unknown length: read it here, counting, so that a body growing past the limit fails the
            // route (and gets the JSON answer below) instead of being cut off with a bare 413 further in. Not on
            // HTTP/2, where Quarkus REST cannot take over a body already read: there that bare 413 stands.
            bodyReader().handle(context);
            return;
        }
        context.next();
    }

    private BodyHandler bodyReader() {
        BodyHandler reader = chunkedBodies;
        if (reader == null) {
            reader = BodyHandler.create(false).setBodyLimit(maxBodySize());
            chunkedBodies = reader;
        }
        return reader;
    }

    private void bodyTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            refuse(context, 413, "body-too-large", "The request body is larger than the "
                    + maxBodySize() + " bytes accepted");
            return;
        }
        context.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(RoutingContext context, int status, String code, String message) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                // The rest of the request is not read: the connection cannot be reused.
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(new ApiError(code, message)));
    }

    private long maxBodySize() {
        return quarkus.http().limits().maxBodySize().asLongValue();
    }
}
