package com.cleanupservice.resources;

/**
 * What a type is made of besides behaviour — its {@link Declaration} and its {@link TrackedTable} — given to the
 * constructor as values. Abstract, so the registry never instantiates it.
 */
public abstract class DeclaredType implements ResourceType {
    private final Declaration declaration;
    private final TrackedTable table;

    /** @param table null for a type whose rows are not in the common table shape (it writes its own SQL) */
    protected DeclaredType(Declaration declaration, TrackedTable table) {
        this.declaration = declaration;
        this.table = table;
    }

    @Override
    public final Declaration declaration() {
        return declaration;
    }

    @Override
    public final TrackedTable table() {
        return table;
    }

    @Override
    public String toString() {
        return declaration.name();
    }
}
