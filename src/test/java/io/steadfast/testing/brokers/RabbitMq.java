package io.steadfast.testing.brokers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) with the {@code rabbitmq_amqp1_0} and
 * {@code rabbitmq_management} plugins, which {@code .ci/run} enables. Queues are declared through the management
 * API as durable classic queues; a restart stops and starts the RabbitMQ application on its node.
 */
public final class RabbitMq implements TestBroker {

    public static final int PORT = Integer.parseInt(System.getProperty("test.rabbitmq.port", "5672"));
    private static final String MANAGEMENT = System.getProperty("test.rabbitmq.management",
            "http://127.0.0.1:15672");
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The virtual host this handle declares in and reads from; {@code /} is RabbitMQ's default. */
    private final String vhost;

    public RabbitMq() {
        this("/");
    }

    private RabbitMq(String vhost) {
        this.vhost = vhost;
    }

    /**
     * A handle on a virtual host of the machine's RabbitMQ, created afresh (deleted first if it exists) with every
     * permission for guest; the service connects to it with {@code steadfast.broker.virtual-host}.
     */
    public static RabbitMq inFreshVirtualHost(String vhost) {
        RabbitMq broker = new RabbitMq(vhost);
        broker.start();
        broker.request("DELETE", "/api/vhosts/" + encode(vhost), null);
        broker.expect(broker.request("PUT", "/api/vhosts/" + encode(vhost), null), "create vhost " + vhost);
        broker.expect(broker.request("PUT", "/api/permissions/" + encode(vhost) + "/guest",
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"), "grant guest on " + vhost);
        return broker;
    }

    /** Deletes the virtual host and everything in it (not the default one). */
    public void deleteVirtualHost() {
        if (!vhost.equals("/")) {
            request("DELETE", "/api/vhosts/" + encode(vhost), null);
        }
    }

    private void expect(int status, String what) {
        if (status / 100 != 2) {
            throw new IllegalStateException("RabbitMQ refused to " + what + ": HTTP " + status);
        }
    }

    /**
     * Returns once AMQP 1.0 and the management API answer, enabling the two plugins first when the management API
     * does not (a fresh machine runs RabbitMQ without them). A RabbitMQ that is not running fails the test.
     */
    @Override
    public void start() {
        if (!managementAnswers()) {
            run("rabbitmq-plugins", "enable", "rabbitmq_amqp1_0", "rabbitmq_management");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> request("GET", "/api/overview", null) == 200);
    }

    private boolean managementAnswers() {
        try {
            return request("GET", "/api/overview", null) == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** {@code rabbitmqctl stop_app} and {@code start_app}: the node's queues recover from disk. */
    @Override
    public void restart() {
        rabbitmqctl("stop_app");
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
        start();
    }

    @Override
    public void declare(List<String> queues) {
        for (String queue : queues) {
            declare(queue, Map.of());
        }
    }

    /** Deletes the queue if it exists and declares it durable with these arguments. */
    public void declare(String queue, Map<String, Object> arguments) {
        request("DELETE", "/api/queues/" + encode(vhost) + "/" + encode(queue), null);
        StringBuilder args = new StringBuilder();
        arguments.forEach((name, value) -> args.append(args.length() == 0 ? "" : ",").append('"').append(name)
                .append("\":").append(value instanceof String ? "\"" + value + "\"" : value));
        int status = request("PUT", "/api/queues/" + encode(vhost) + "/" + encode(queue),
                "{\"durable\":true,\"auto_delete\":false,\"arguments\":{" + args + "}}");
        if (status / 100 != 2) {
            throw new IllegalStateException("RabbitMQ refused to declare " + queue + ": HTTP " + status);
        }
    }

    /** A durable fanout exchange named after the topic, with each subscription a durable queue bound to it. */
    @Override
    public void declareTopic(String topic, List<String> subscriptions) {
        int status = request("PUT", "/api/exchanges/" + encode(vhost) + "/" + encode(topic),
                "{\"type\":\"fanout\",\"durable\":true,\"auto_delete\":false}");
        if (status / 100 != 2) {
            throw new IllegalStateException("RabbitMQ refused to declare exchange " + topic + ": HTTP " + status);
        }
        for (String queue : subscriptions) {
            declare(queue, Map.of());
            status = request("POST", "/api/bindings/" + encode(vhost) + "/e/" + encode(topic) + "/q/" + encode(queue),
                    "{\"routing_key\":\"\"}");
            if (status / 100 != 2) {
                throw new IllegalStateException("RabbitMQ refused to bind " + queue + " to " + topic + ": HTTP "
                        + status);
            }
        }
    }

    /** Ready plus unacknowledged messages, read live with rabbitmqctl (the management API's figures lag). */
    @Override
    public long depth(String queue) {
        String out = rabbitmqctl("list_queues", "-p", vhost, "-q", "--no-table-headers", "name", "messages");
        for (String line : out.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }

    /** Whether a queue of that name exists, and if so whether it is durable. */
    public String durability(String queue) {
        String out = rabbitmqctl("list_queues", "-p", vhost, "-q", "--no-table-headers", "name", "durable");
        for (String line : out.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 2 && columns[0].equals(queue)) {
                return Boolean.parseBoolean(columns[1]) ? "durable" : "transient";
            }
        }
        return "absent";
    }

    public void delete(String queue) {
        request("DELETE", "/api/queues/" + encode(vhost) + "/" + encode(queue), null);
    }

    @Override
    public int port() {
        return PORT;
    }

    @Override
    public Map<String, String> serviceConfig() {
        if (!vhost.equals("/")) {
            return Map.of("steadfast.broker.kind", "rabbitmq", "amqp-username", "guest", "amqp-password", "guest",
                    "steadfast.broker.virtual-host", vhost);
        }
        return Map.of("steadfast.broker.kind", "rabbitmq", "amqp-username", "guest", "amqp-password", "guest");
    }

    /** The virtual host this handle works in. */
    public String virtualHost() {
        return vhost;
    }

    @Override
    public String address(String queue) {
        return "/amq/queue/" + queue;
    }

    @Override
    public String username() {
        return "guest";
    }

    @Override
    public String password() {
        return "guest";
    }

    @Override
    public void close() {
        // The machine's broker: left running.
    }

    private int request(String method, String path, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(MANAGEMENT + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", AUTHORIZATION);
        if (json != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("RabbitMQ management API at " + MANAGEMENT + " unreachable: is the"
                    + " rabbitmq_management plugin enabled?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String queue) {
        return URLEncoder.encode(queue, StandardCharsets.UTF_8);
    }

    private static String rabbitmqctl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) {
        try {
            Path out = Files.createTempFile("rabbitmq", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (is RabbitMQ running? start it"
                        + " with 'rabbitmq-server -detached'): " + Files.readString(out));
            }
            String text = Files.readString(out);
            Files.delete(out);
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
