package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmApi;

import java.util.Set;

/**
 * The values that place a type among the others: its names (stored, report group, operation, words for messages), the
 * IBM API it calls, the types that must be gone before it, and where it stands in reports and validation.
 *
 * @param reportOrder   where its group comes in reports and validation results: the seed's four types keep the
 *                      seed's order (1 to 4, {@link #seed}); types it did not know follow (100), by name
 * @param alwaysChecked validation lists its check even when nothing of it is tracked (the seed's four, whose checks
 *                      existing clients expect in every answer); other types' checks appear where they have resources
 */
public record Declaration(String name, String reportGroup, String operationType, String label, IbmApi api,
                          Set<String> deleteAfter, int reportOrder, boolean alwaysChecked) {

    public Declaration {
        deleteAfter = Set.copyOf(deleteAfter);
    }

    /** A type's names and API; its label is its report group in words, it waits for nothing. */
    public static Declaration of(String name, String reportGroup, String operationType, IbmApi api) {
        return new Declaration(name, reportGroup, operationType, reportGroup.replace('_', ' '), api, Set.of(), 100, false);
    }

    /** What messages call its resources, plural ("DNS records"). */
    public Declaration label(String words) {
        return new Declaration(name, reportGroup, operationType, words, api, deleteAfter, reportOrder, alwaysChecked);
    }

    /** The types whose resources of the same owner must be gone before this one's are deleted. */
    public Declaration after(String... types) {
        return new Declaration(name, reportGroup, operationType, label, api, Set.of(types), reportOrder, alwaysChecked);
    }

    /** One of the seed's four types, at its place in the seed's order. */
    public Declaration seed(int order) {
        return new Declaration(name, reportGroup, operationType, label, api, deleteAfter, order, true);
    }
}
