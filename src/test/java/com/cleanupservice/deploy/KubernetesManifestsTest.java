package com.cleanupservice.deploy;

import com.cleanupservice.config.Settings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/kubernetes: the base and both overlays rendered by {@code kubectl kustomize}, read strictly into Kubernetes'
 * typed model ({@link Manifests}), and held to what the service needs of them (README "Deploying").
 */
class KubernetesManifestsTest {
    private static final String SERVICE = "cleanup-service";
    private static final Pattern SECRET_NAME = Pattern.compile("TOKEN|PASSWORD|API_KEY|SECRET|CREDENTIAL", Pattern.CASE_INSENSITIVE);

    @Test
    void aFieldKubernetesDoesNotKnowFailsTheBuild() {
        String misspelled = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 3
                """;
        assertThatThrownBy(() -> Manifests.parse("test", misspelled)).hasMessageContaining("replica");
        String misplaced = """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  ports: [{port: 80, targetport: http}]
                """;
        assertThatThrownBy(() -> Manifests.parse("test", misplaced)).hasMessageContaining("targetport");
        assertThatThrownBy(() -> Manifests.parse("test", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"))
                .hasMessageContaining("unexpected kind v1/Pod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/production"})
    void everyRenderHoldsTheServiceAsItMustRun(String dir) throws IOException {
        Manifests m = Manifests.render(dir);
        Deployment deployment = m.one(Deployment.class, SERVICE);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = only(pod.getContainers());

        // rolling updates never take a ready replica away first
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isPositive();

        // probes: readiness follows PostgreSQL, liveness only the process, a startup probe covers migrations
        assertThat(path(container.getReadinessProbe())).isEqualTo("/observe/health/ready");
        assertThat(path(container.getLivenessProbe())).isEqualTo("/observe/health/live");
        assertThat(path(container.getStartupProbe())).isEqualTo("/observe/health/live");
        int startupSeconds = container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold();
        assertThat(startupSeconds).as("time given to start, migrations included").isGreaterThanOrEqualTo(120);

        // the grace period covers the service's own shutdown: the drain (its calls under way, then the hand back) and
        // Camel's stop; camel-main's shutdown hook lets the JVM go after extra-shutdown-timeout + shutdown-timeout
        Properties defaults = applicationProperties();
        long drainSeconds = (Long.parseLong(defaults.getProperty("cleanup.shutdown.drain-ms")) + 999) / 1000;
        long camelStop = Long.parseLong(defaults.getProperty("camel.main.shutdown-timeout"));
        long hook = Long.parseLong(defaults.getProperty("camel.main.extra-shutdown-timeout")) + camelStop;
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L)
                .isGreaterThanOrEqualTo(drainSeconds + camelStop).isGreaterThanOrEqualTo(hook);

        // resources
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
        assertThat(Quantity.getAmountInBytes(limits.get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")))
                .as("the heap is 60% of this: a 100,000-node sweep peaks at 439 MB RSS").isGreaterThanOrEqualTo(
                        Quantity.getAmountInBytes(new Quantity("768Mi")));

        // non-root, no privilege escalation, read-only root filesystem, no capabilities, the runtime's seccomp profile
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();

        // writable: the shared inbox and outbox (a claim every replica mounts) and /tmp, nothing else
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        assertThat(mounts).containsOnlyKeys("/app/data", "/tmp");
        Volume data = volume(pod, mounts.get("/app/data"));
        PersistentVolumeClaim claim = m.one(PersistentVolumeClaim.class, data.getPersistentVolumeClaim().getClaimName());
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(volume(pod, mounts.get("/tmp")).getEmptyDir()).isNotNull();

        // settings: the ConfigMap, every key a setting the service has; secrets only from the Secret, by reference
        ConfigMap config = m.configMap(SERVICE + "-config");
        assertThat(only(container.getEnvFrom()).getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
        Set<String> settings = settingNames();
        assertThat(config.getData().keySet()).as("each a setting of config/application.properties").isSubsetOf(settings);
        assertThat(config.getData().keySet()).noneMatch(key -> SECRET_NAME.matcher(key).find());
        assertThat(config.getData()).containsEntry("CLEANUP_MODE", "ibmcloud");
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.keySet()).isSubsetOf(settings);
        for (String secret : List.of("CLEANUP_API_TOKEN", "CLEANUP_DB_PASSWORD", "CLEANUP_IBM_API_KEY")) {
            assertThat(env).containsKey(secret);
            assertThat(env.get(secret).getValue()).as(secret + " is never written in a manifest").isNull();
            assertThat(env.get(secret).getValueFrom().getSecretKeyRef().getName()).isEqualTo(SERVICE + "-secrets");
        }
        env.values().stream().filter(e -> SECRET_NAME.matcher(e.getName()).find())
                .forEach(e -> assertThat(e.getValueFrom()).as(e.getName()).isNotNull());
        assertThat(env.get("CLEANUP_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(pod.getEnableServiceLinks()).as("no CLEANUP_SERVICE_* variables from the Service").isFalse();

        // the Service and the disruption budget select these pods
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Service service = m.one(Service.class, SERVICE);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        PodDisruptionBudget budget = m.one(PodDisruptionBudget.class, SERVICE);
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        // no other workload of the render is selected by them
        m.all(Deployment.class).stream().filter(d -> d != deployment).forEach(other -> assertThat(
                other.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet())).as(other.getMetadata().getName()).isFalse());
    }

    @Test
    void baseAndProductionRunSeveralReplicasAgainstAnExternalPostgreSql() {
        for (String dir : List.of("base", "overlays/production")) {
            Deployment deployment = Manifests.render(dir).one(Deployment.class, SERVICE);
            assertThat(deployment.getSpec().getReplicas()).as(dir).isGreaterThanOrEqualTo(2);
            assertThat(deployment.getSpec().getTemplate().getSpec().getHostNetwork()).as(dir).isNotEqualTo(Boolean.TRUE);
        }
        Manifests production = Manifests.render("overlays/production");
        assertThat(production.all(Deployment.class)).as("PostgreSQL is external, IBM Cloud is real").hasSize(1);
        assertThat(production.all(Secret.class)).as("the Secret is made outside the manifests").isEmpty();
        Map<String, String> config = production.configMap(SERVICE + "-config").getData();
        assertThat(config.get("CLEANUP_DB_URL")).startsWith("jdbc:postgresql://").doesNotContain("127.0.0.1", "localhost");
        assertThat(config).containsEntry("CLEANUP_HTTP_HOST", "0.0.0.0").doesNotContainKeys(
                "CLEANUP_IBM_VPC_URL", "CLEANUP_IBM_DNS_URL", "CLEANUP_IBM_IAM_URL");
        Container container = only(production.one(Deployment.class, SERVICE).getSpec().getTemplate().getSpec().getContainers());
        assertThat(container.getImage()).doesNotStartWith("localhost/").contains("/cleanup-service:");
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8080);
        assertThat(production.one(PersistentVolumeClaim.class, SERVICE + "-data").getSpec().getStorageClassName()).isNotBlank();
    }

    @Test
    void theLocalOverlayRunsEverythingOnLoopbackFromLocalImages() {
        Manifests local = Manifests.render("overlays/local");
        assertThat(local.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder(SERVICE, "cleanup-postgres", "cleanup-simulator");
        for (Deployment deployment : local.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(deployment.getSpec().getReplicas()).as("podman runs one pod per Deployment").isEqualTo(1);
            assertThat(pod.getHostNetwork()).isTrue();
            for (Container container : pod.getContainers()) {
                assertThat(container.getImage()).startsWith("localhost/");
                assertThat(container.getImagePullPolicy()).isEqualTo("Never");
                assertThat(container.getPorts()).as("podman refuses port mappings on the host's network").isNullOrEmpty();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            }
        }
        Map<String, String> config = local.configMap(SERVICE + "-config").getData();
        assertThat(config).containsEntry("CLEANUP_HTTP_HOST", "127.0.0.1").containsEntry("CLEANUP_HTTP_PORT", "28080");
        assertThat(config.get("CLEANUP_DB_URL")).isEqualTo("jdbc:postgresql://127.0.0.1:25432/cleanup");
        assertThat(config.get("CLEANUP_IBM_VPC_URL")).isEqualTo("http://127.0.0.1:28089/v1");
        assertThat(args(local, "cleanup-simulator")).containsSequence("com.cleanupservice.simulator.SimulatorMain", "--host", "127.0.0.1")
                .containsSequence("--port", "28089");
        assertThat(args(local, "cleanup-postgres")).contains("listen_addresses=127.0.0.1").containsSequence("-p", "25432");
        Secret secret = local.one(Secret.class, SERVICE + "-secrets");
        assertThat(secret.getData()).containsOnlyKeys("api-token", "db-password", "ibm-api-key");
        Container service = only(local.one(Deployment.class, SERVICE).getSpec().getTemplate().getSpec().getContainers());
        assertThat(service.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(28080);
    }

    private static List<String> args(Manifests m, String deployment) {
        return only(m.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers()).getArgs();
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /**
     * Every setting the service reads, as its environment variable: the keys of config/application.properties, those
     * it lists commented out (defaults that depend on the mode), and the secrets it reads only from the environment.
     */
    private static Set<String> settingNames() throws IOException {
        Set<String> names = new HashSet<>();
        Matcher key = Pattern.compile("^#?\\s*((?:cleanup|camel)\\.[a-z0-9.-]+)\\s*=", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("config", "application.properties")));
        while (key.find()) {
            names.add(Settings.envName(key.group(1)));
        }
        names.addAll(List.of("CLEANUP_DB_PASSWORD", "CLEANUP_IBM_API_KEY"));
        names.removeIf(Objects::isNull);
        return names;
    }
}
