package com.cleanupservice.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kustomize directory of {@code deploy/kubernetes} rendered as {@code kubectl kustomize} renders it (offline), each
 * document read into Kubernetes' typed model (fabric8) strictly: a field the model does not have — a misspelling, a
 * field at the wrong level — fails, where the model would otherwise keep it aside as an "additional property".
 */
final class Manifests {
    static final Path ROOT = Path.of("deploy", "kubernetes");

    /** The kinds the manifests may hold, by {@code apiVersion/kind}; any other fails. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .setAnnotationIntrospector(new StrictIntrospector())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    final String name;
    final String rendered;
    final List<HasMetadata> objects;

    private Manifests(String name, String rendered, List<HasMetadata> objects) {
        this.name = name;
        this.rendered = rendered;
        this.objects = objects;
    }

    /** {@code kubectl kustomize deploy/kubernetes/<dir>}, every document read strictly. */
    static Manifests render(String dir) {
        String rendered = kustomize(ROOT.resolve(dir));
        return new Manifests(dir, rendered, parse(dir, rendered));
    }

    static List<HasMetadata> parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    throw new AssertionError(source + ": a document of an unexpected kind " + kind + " (expected one of " + KINDS.keySet() + ")");
                }
                objects.add(strict(source, kind, document, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": not YAML", e);
        }
        return objects;
    }

    private static <T> T strict(String source, String kind, JsonNode document, Class<T> type) {
        try {
            return STRICT.treeToValue(document, type);
        } catch (JsonMappingException e) {
            throw new AssertionError(source + ": " + kind + " " + document.at("/metadata/name").asText()
                    + " does not fit Kubernetes' model: " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (JsonProcessingException e) {
            throw new AssertionError(source + ": " + kind + " is not what Kubernetes reads: " + e.getOriginalMessage(), e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError(this.name + ": expected one " + type.getSimpleName() + " named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The ConfigMap whose name starts with {@code prefix} (Kustomize appends a hash of its content). */
    ConfigMap configMap(String prefix) {
        List<ConfigMap> found = all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().startsWith(prefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError(name + ": expected one ConfigMap named " + prefix + "*, found " + found.size());
        }
        return found.get(0);
    }

    static String kustomize(Path dir) {
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("kubectl (with Kustomize) is needed to render " + dir + "; it is not on PATH: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Jackson's reading of the model without its escape hatches: no "any setter" (fabric8 keeps unknown fields in
     * {@code additionalProperties} through one) and no ignored unknown properties, so an unknown field is an error.
     */
    private static final class StrictIntrospector extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            JsonIgnoreProperties.Value value = super.findPropertyIgnoralByName(config, a);
            return a instanceof AnnotatedClass ? value.withoutIgnoreUnknown() : value;
        }
    }
}
