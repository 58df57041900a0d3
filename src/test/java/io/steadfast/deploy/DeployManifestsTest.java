package io.steadfast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.smallrye.config.WithName;
import io.steadfast.runtime.config.SteadfastConfig;
import io.steadfast.runtime.observability.SteadfastMetrics;

/**
 * The manifests in {@code deploy/} as a cluster would get them: each overlay rendered by kustomize (kubectl's), every
 * resource read into the Kubernetes and OpenShift models with no field left unknown (a misspelt field is an error,
 * not a silently ignored extra), and checked against what the application expects: its ports, probe paths,
 * environment variables and metric names. No cluster is needed.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final int HTTP_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9000;
    /**
     * Settings the manifests give that application.properties leaves unset: Quarkus' own, and the broker credentials
     * the AMQP client reads ({@code AmqpClientSettings}).
     */
    private static final Set<String> READ_BUT_UNSET = Set.of("quarkus.datasource.password", "amqp-username",
            "amqp-password", "quarkus.oidc.auth-server-url", "quarkus.oidc.token.audience");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyResourceReadsIntoItsModelWithNoUnknownField(String overlay) {
        List<HasMetadata> resources = render(overlay);

        assertThat(resources).extracting(HasMetadata::getKind).contains("Deployment", "Service", "Route",
                "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
                "ActiveMQArtemis", "Cluster");
        for (HasMetadata resource : resources) {
            if (resource instanceof GenericKubernetesResource) {
                // No model for the operators' own kinds here (their schemas live in the operators' repositories).
                assertThat(resource.getKind()).as("only the operators' kinds are read generically")
                        .isIn("ActiveMQArtemis", "Cluster");
                continue;
            }
            assertThat(unknownFields(resource, resource.getKind(), new IdentityHashMap<>()))
                    .as("fields the %s model does not know", resource.getKind()).isEmpty();
        }
        assertThat(resources).extracting(HasMetadata::getKind).as("credentials are never in the repository")
                .doesNotContain("Secret");
        assertThat(resources).allSatisfy(resource -> assertThat(resource.getMetadata().getNamespace())
                .isEqualTo(overlay.equals("prod") ? "steadfast" : "steadfast-dev"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theDeploymentMatchesTheApplicationsPortsProbesAndSettings(String overlay) throws IOException {
        List<HasMetadata> resources = render(overlay);
        Container container = one(resources, Deployment.class).getSpec().getTemplate().getSpec().getContainers()
                .get(0);

        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", HTTP_PORT),
                        org.assertj.core.groups.Tuple.tuple("management", MANAGEMENT_PORT));
        assertThat(applicationProperties().getProperty("quarkus.management.enabled"))
                .as("the probes and the scrape need the management interface").isEqualTo("true");
        assertProbe(container.getStartupProbe(), "/q/health/started");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertProbe(container.getLivenessProbe(), "/q/health/live");

        Set<String> known = knownProperties();
        Set<String> envNames = new TreeSet<>();
        container.getEnv().forEach(variable -> envNames.add(variable.getName()));
        resources.stream().filter(resource -> resource.getKind().equals("ConfigMap"))
                .map(resource -> (io.fabric8.kubernetes.api.model.ConfigMap) resource)
                .forEach(configMap -> envNames.addAll(configMap.getData().keySet()));
        assertThat(envNames).as("environment variables the application reads").allSatisfy(name -> assertThat(
                known.stream().anyMatch(property -> environmentName(property).equals(name)))
                .as("%s names a setting of the application", name).isTrue());
        assertThat(envNames).contains("AMQP_HOST", "AMQP_PORT", "AMQP_USERNAME", "AMQP_PASSWORD",
                "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD");
        resources.stream().filter(resource -> resource.getKind().equals("ConfigMap"))
                .map(resource -> (io.fabric8.kubernetes.api.model.ConfigMap) resource)
                .filter(configMap -> configMap.getData().containsKey("AMQP_HOST"))
                .forEach(configMap -> assertThat(configMap.getData()).as("JSON logs in deploy/")
                        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"));
        assertThat(applicationProperties().getProperty("quarkus.log.console.json.enabled"))
                .as("plain logs in dev mode and tests").isEqualTo("false");
        assertThat(container.getEnv()).filteredOn(variable -> variable.getName().endsWith("PASSWORD"))
                .as("passwords come from Secrets").allSatisfy(variable -> {
                    assertThat(variable.getValue()).isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef()).isNotNull();
                });

        var pod = one(resources, Deployment.class).getSpec().getTemplate().getSpec();
        String drain = container.getEnv().stream().filter(v -> v.getName().equals("STEADFAST_SHUTDOWN_DRAIN_TIMEOUT"))
                .findFirst().orElseThrow().getValue();
        assertThat(java.time.Duration.parse("PT" + drain.toUpperCase(Locale.ROOT)).toSeconds())
                .as("the drain ends before the pod is killed").isLessThan(pod.getTerminationGracePeriodSeconds());

        // OpenShift's restricted SCC: non-root with an assigned uid, no privilege escalation, nothing added.
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the SCC assigns the uid").isNull();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void migrationsRunAsTheSchemasOwnerAndTheServiceAsTheRuntimeRole(String overlay) throws IOException {
        var pod = one(render(overlay), Deployment.class).getSpec().getTemplate().getSpec();
        Container service = pod.getContainers().get(0);
        assertThat(pod.getInitContainers()).hasSize(1);
        Container migrate = pod.getInitContainers().get(0);

        assertThat(migrate.getImage()).as("the same build migrates").isEqualTo(service.getImage());
        assertThat(value(migrate, "STEADFAST_MIGRATE_AND_EXIT")).as("migrates, then exits (MigrateAndExitIT)")
                .isEqualTo("true");
        assertThat(value(service, "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
        Set<String> known = knownProperties();
        assertThat(migrate.getEnv()).allSatisfy(variable -> assertThat(known.stream()
                .anyMatch(property -> environmentName(property).equals(variable.getName())))
                .as("%s names a setting", variable.getName()).isTrue());
        String owner = secretOf(migrate, "QUARKUS_DATASOURCE_PASSWORD");
        String runtime = secretOf(service, "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(secretOf(migrate, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo(owner);
        assertThat(secretOf(service, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo(runtime);
        assertThat(runtime).as("the service never holds the owner's credentials").isNotEqualTo(owner);
        assertThat(service.getEnv()).noneMatch(variable -> variable.getValueFrom() != null
                && variable.getValueFrom().getSecretKeyRef() != null
                && variable.getValueFrom().getSecretKeyRef().getName().equals(owner));
        assertThat(migrate.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(migrate.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(migrate.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(migrate.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name)).getValue();
    }

    private static String secretOf(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .map(v -> v.getValueFrom().getSecretKeyRef().getName())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void onlyThePublicApiIsRoutedAndTheManagementPortIsScraped(String overlay) {
        List<HasMetadata> resources = render(overlay);
        Route route = one(resources, Route.class);
        Service routed = resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(service -> service.getMetadata().getName().equals(route.getSpec().getTo().getName()))
                .findFirst().orElseThrow();

        assertThat(route.getSpec().getTls().getTermination()).isEqualTo("edge");
        assertThat(route.getSpec().getPort().getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(routed.getSpec().getPorts()).extracting(port -> port.getTargetPort().getStrVal())
                .containsExactly("http");
        assertThat(resources).filteredOn(Route.class::isInstance).as("one Route, to the API").hasSize(1);

        ServiceMonitor monitor = one(resources, ServiceMonitor.class);
        Service scraped = resources.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(service -> service.getMetadata().getLabels().entrySet()
                        .containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst().orElseThrow();
        assertThat(scraped.getSpec().getPorts()).extracting(port -> port.getTargetPort().getStrVal())
                .containsExactly("management");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("management");
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theAlertsUseMetricsTheApplicationPublishes(String overlay) throws IllegalAccessException {
        PrometheusRule rule = one(render(overlay), PrometheusRule.class);
        Set<String> published = new TreeSet<>();
        for (var field : SteadfastMetrics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                published.add(((String) field.get(null)).replace('.', '_'));
            }
        }
        Pattern metric = Pattern.compile("\\bsteadfast_[a-z_]+");
        List<String> alerts = new ArrayList<>();
        rule.getSpec().getGroups().forEach(group -> group.getRules().forEach(alert -> {
            alerts.add(alert.getAlert());
            Matcher names = metric.matcher(alert.getExpr().getStrVal());
            assertThat(names.find()).as("%s reads a Steadfast metric", alert.getAlert()).isTrue();
            do {
                assertThat(published).as("metrics the application publishes").contains(names.group());
            } while (names.find());
        }));
        assertThat(alerts).containsExactlyInAnyOrder("SteadfastNewDeadLetters", "SteadfastOutboxLagging",
                "SteadfastConsumerPaused", "SteadfastSagaNeedsAttention");
    }

    /**
     * Every queue a channel consumes (outside the test profile) is configured on the operator's broker, which the
     * service does not declare itself there: a plain queue as anycast on its own address, a topic's subscription as
     * a multicast queue of the topic.
     */
    @Test
    void theBrokerResourceConfiguresEveryQueueTheServiceConsumes() throws IOException {
        Properties application = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
        String broker = Files.readString(Path.of("deploy/platform/artemis.yaml"), StandardCharsets.UTF_8);
        Map<String, String> topicOf = new HashMap<>();
        application.stringPropertyNames().stream()
                .filter(name -> name.startsWith("steadfast.topics.") && name.endsWith(".subscriptions"))
                .forEach(name -> {
                    String topic = name.substring("steadfast.topics.".length(), name.length() - ".subscriptions"
                            .length()).replace("\"", "");
                    for (String queue : application.getProperty(name).split(",")) {
                        topicOf.put(queue.trim(), topic);
                    }
                });
        List<String> queues = application.stringPropertyNames().stream()
                .filter(name -> name.startsWith("mp.messaging.incoming.") && name.endsWith(".address"))
                .map(application::getProperty).sorted().toList();
        assertThat(queues).contains("ledger.transfers", "trips.car", "trips.replies");
        for (String queue : queues) {
            String topic = topicOf.get(queue);
            String address = topic == null ? queue : topic;
            String routing = topic == null ? "ANYCAST" : "MULTICAST";
            assertThat(broker).as(queue)
                    .contains("addressConfigurations.\"" + address + "\".routingTypes=" + routing)
                    .contains("addressConfigurations.\"" + address + "\".queueConfigs.\"" + queue
                            + "\".routingType=" + routing)
                    .contains("addressConfigurations.\"" + address + "\".queueConfigs.\"" + queue
                            + "\".durable=true");
        }
    }

    /**
     * The database's {@code Cluster} against CloudNativePG's own schema (its types, enums and required fields, from
     * the npm package {@code @kubernetes-models/cloudnative-pg}, {@code src/test/manifests}). The broker's
     * {@code ActiveMQArtemis} has no published schema in the registries reachable here; its queues are checked above.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theDatabaseClusterPassesTheOperatorsSchema(String overlay) {
        List<HasMetadata> clusters = render(overlay).stream().filter(GenericKubernetesResource.class::isInstance)
                .filter(resource -> resource.getKind().equals("Cluster")).toList();

        SchemaCheck check = checkClusters(clusters);

        assertThat(check.errors()).as("schema errors of the rendered Cluster").containsExactly(List.of());
        assertThat(check.exitCode()).isZero();
    }

    /** The check itself can fail: what the operator would refuse, it refuses, saying where. */
    @Test
    void theClusterSchemaCheckRefusesWhatTheOperatorWould() {
        GenericKubernetesResource cluster = render("prod").stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(resource -> resource.getKind().equals("Cluster"))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
        spec.put("instances", "three");
        @SuppressWarnings("unchecked")
        Map<String, Object> role = ((List<Map<String, Object>>) ((Map<String, Object>) spec.get("managed"))
                .get("roles")).get(0);
        role.put("ensure", "sometimes");

        SchemaCheck check = checkClusters(List.of(cluster));

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.errors()).singleElement().asList().contains("/spec/instances must be integer")
                .anySatisfy(error -> assertThat(String.valueOf(error))
                        .startsWith("/spec/managed/roles/0/ensure must be equal to one of the allowed values"));
    }

    private record SchemaCheck(int exitCode, List<List<String>> errors) {
    }

    private SchemaCheck checkClusters(List<? extends HasMetadata> clusters) {
        Path scripts = Path.of("src", "test", "manifests");
        assumeTrue(Files.isDirectory(scripts.resolve("node_modules/@kubernetes-models/cloudnative-pg"))
                || installed(scripts), "the schema package is not installed in " + scripts + " (npm ci there)");
        Ran node = run(scripts, serialization.asJson(clusters), 60, "node", "validate-cluster.mjs");
        assertThat(node.stdout()).as("validate-cluster.mjs printed no result: %s", node.stderr()).isNotBlank();
        List<List<String>> errors = new ArrayList<>();
        for (String line : node.stdout().strip().split("\\n")) {
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) serialization.unmarshal(line, Map.class).get("errors");
            errors.add(found);
        }
        return new SchemaCheck(node.exitCode(), errors);
    }

    private static boolean installed(Path scripts) {
        try {
            return run(scripts, "", 120, "npm", "ci", "--no-audit", "--no-fund").exitCode() == 0;
        } catch (UncheckedIOException noNpm) {
            return false;
        }
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    private List<HasMetadata> render(String overlay) {
        String yaml = kustomize(DEPLOY.resolve("overlays").resolve(overlay));
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (!document.isBlank()) {
                resources.add(serialization.unmarshal(document));
            }
        }
        return resources;
    }

    private static String kustomize(Path directory) {
        Ran kubectl;
        try {
            kubectl = run(Path.of("."), "", 60, "kubectl", "kustomize", directory.toString());
        } catch (UncheckedIOException notInstalled) {
            assumeTrue(false, "kubectl is not installed: the manifests cannot be rendered here");
            throw notInstalled;
        }
        assertThat(kubectl.exitCode()).as("kubectl kustomize %s: %s", directory, kubectl.stderr()).isZero();
        return kubectl.stdout();
    }

    private record Ran(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs a command in a directory with {@code stdin} as its input; exit code -1 when it has not finished
     * {@code seconds} after closing its output. A command that is not installed throws UncheckedIOException.
     */
    private static Ran run(Path directory, String stdin, int seconds, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            try (var input = process.getOutputStream()) {
                input.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out;
            byte[] err;
            try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new Ran(process.isAlive() ? -1 : process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T one(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("resources of kind %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** Paths of fields a model kept aside as unknown ("additional properties"), anywhere in the resource. */
    private static List<String> unknownFields(Object node, String path, Map<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return unknown;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> unknown.addAll(unknownFields(value, path + "." + key, seen)));
            return unknown;
        }
        if (!(node instanceof KubernetesResource)) {
            return unknown;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
                continue;
            }
            unknown.addAll(unknownFields(value, path + "." + getter.getName().substring(3), seen));
        }
        return unknown;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** The settings this application has: its application.properties and its own configuration interface. */
    private static Set<String> knownProperties() throws IOException {
        Set<String> known = new TreeSet<>(READ_BUT_UNSET);
        for (String key : applicationProperties().stringPropertyNames()) {
            known.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        collect(SteadfastConfig.class, "steadfast", known);
        return known;
    }

    private static void collect(Class<?> group, String prefix, Set<String> known) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String name = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == SteadfastConfig.class) {
                collect(type, name, known);
            } else {
                known.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable SmallRye Config reads for a property: non-alphanumerics to '_', upper case. */
    private static String environmentName(String property) {
        return property.chars().mapToObj(c -> Character.isLetterOrDigit(c) ? String.valueOf((char) c) : "_")
                .collect(Collectors.joining()).toUpperCase(Locale.ROOT);
    }
}
