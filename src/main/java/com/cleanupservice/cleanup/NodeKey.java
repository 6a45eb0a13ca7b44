package com.cleanupservice.cleanup;

/**
 * How a request names a node: a path id ({@code byName} false: all digits is the node's id, anything else its exact
 * name) or explicitly by its exact name ({@code byName} true: never read as an id). See {@link NodeClaims#resolve}.
 */
public record NodeKey(String value, boolean byName) {

    public static NodeKey path(String idOrName) {
        return new NodeKey(idOrName, false);
    }

    public static NodeKey name(String name) {
        return new NodeKey(name, true);
    }
}
