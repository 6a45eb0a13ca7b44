package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmApi;

import java.util.Map;
import java.util.Set;

/**
 * The values that place a type among the others: its names (stored, report group, operation, words for messages), the
 * IBM API it calls, the types that must be gone before it, and where it stands in reports and validation.
 *
 * @param reportOrder   where its group comes in reports and validation results: the seed's four types keep the
 *                      seed's order (1 to 4, {@link #seed}); types it did not know follow (100), by name
 * @param alwaysChecked validation lists its check even when nothing of it is tracked (the seed's four, whose checks
 *                      existing clients expect in every answer); other types' checks appear where they have resources
 * @param request       the DELETE a dry run shows, a template (see {@link Template})
 * @param cliShow       the {@code ibmcloud} words that show one resource (exit 0 while it exists), a template
 * @param cliDelete     the {@code ibmcloud} words that delete one resource without prompting, a template
 * @param recordFields  the keys a provisioner's record of it may carry besides {@code type} and {@code id}, and what each
 *                      holds; anything else is refused, never ignored
 */
public record Declaration(String name, String reportGroup, String operationType, String label, IbmApi api,
                          Set<String> deleteAfter, int reportOrder, boolean alwaysChecked,
                          String request, String cliShow, String cliDelete, Map<String, RecordField> recordFields) {

    public Declaration {
        deleteAfter = Set.copyOf(deleteAfter);
        recordFields = Map.copyOf(recordFields);
    }

    /** A type's names and API; its label is its report group in words, it waits for nothing. */
    public static Declaration of(String name, String reportGroup, String operationType, IbmApi api) {
        return new Declaration(name, reportGroup, operationType, reportGroup.replace('_', ' '), api, Set.of(), 100, false,
                null, null, null, Map.of());
    }

    /** What messages call its resources, plural ("DNS records"). */
    public Declaration label(String words) {
        return new Declaration(name, reportGroup, operationType, words, api, deleteAfter, reportOrder, alwaysChecked, request, cliShow, cliDelete, recordFields);
    }

    /** The types whose resources of the same owner must be gone before this one's are deleted. */
    public Declaration after(String... types) {
        return new Declaration(name, reportGroup, operationType, label, api, Set.of(types), reportOrder, alwaysChecked, request, cliShow, cliDelete, recordFields);
    }

    /** One of the seed's four types, at its place in the seed's order. */
    public Declaration seed(int order) {
        return new Declaration(name, reportGroup, operationType, label, api, deleteAfter, order, true, request, cliShow, cliDelete, recordFields);
    }

    /** The DELETE a dry run shows, e.g. {@code DELETE /v1/floating_ips/{id}}. */
    public Declaration request(String template) {
        return new Declaration(name, reportGroup, operationType, label, api, deleteAfter, reportOrder, alwaysChecked, template, cliShow, cliDelete, recordFields);
    }

    /** The {@code ibmcloud} commands, e.g. {@code is floating-ip {id}} and {@code is floating-ip-release {id} -f}. */
    public Declaration cli(String show, String delete) {
        return new Declaration(name, reportGroup, operationType, label, api, deleteAfter, reportOrder, alwaysChecked, request, show, delete, recordFields);
    }

    /** The keys a provisioner's record may carry and what each holds ({@code subnet_id}: an id, ...). */
    public Declaration fields(Map<String, RecordField> fields) {
        return new Declaration(name, reportGroup, operationType, label, api, deleteAfter, reportOrder, alwaysChecked, request, cliShow,
                cliDelete, fields);
    }

    /** The DELETE a dry run shows for {@code resource}: the declared {@link #request} template, filled in. */
    public String deleteRequest(TrackedResource resource) {
        return Template.fill(request, resource);
    }

    /**
     * Text about one resource with its values in place of {@code {id}} (the IBM id), {@code {parent}} and {@code {scope}}
     * (the container and instance of its API path, {@link TrackedResource#parentId}, {@link TrackedResource#scopeId}).
     */
    public static final class Template {
        private Template() {
        }

        static String value(String word, TrackedResource resource) {
            return switch (word) {
                case "{id}" -> resource.ibmId();
                case "{parent}" -> resource.parentId();
                case "{scope}" -> resource.scopeId();
                default -> word;
            };
        }

        /** The template with the resource's values filled in. */
        public static String fill(String template, TrackedResource resource) {
            return template.replace("{id}", resource.ibmId()).replace("{parent}", String.valueOf(resource.parentId()))
                    .replace("{scope}", String.valueOf(resource.scopeId()));
        }

        /** An {@code ibmcloud} command: the template's words, each value one word (null when the resource lacks it). */
        public static java.util.List<CliArg> command(String template, TrackedResource resource) {
            return CliArg.ibmcloud(java.util.Arrays.stream(template.split(" ")).map(w -> value(w, resource)).toArray());
        }
    }
}
