package com.cleanupservice.resources;

import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.util.Map;

/**
 * What a type is made of besides behaviour — its {@link Declaration} and its {@link Rows} (a {@link TrackedTable}) — given to the
 * constructor as values. A type in the shared ledger ({@link TrackedTable#ledger()}) gets its rows written here, from
 * its declared fields; a type with a table of its own writes them itself ({@link #track}). Abstract, so the registry
 * never instantiates it.
 */
public abstract class DeclaredType implements ResourceType {
    private final Declaration declaration;
    private final Rows rows;

    /** @param rows a {@link TrackedTable} (the shared ledger, or a seed table), or SQL of the type's own (the server's) */
    protected DeclaredType(Declaration declaration, Rows rows) {
        this.declaration = declaration;
        this.rows = rows instanceof TrackedTable t && t.shared() ? t.ofType(declaration.name()) : rows;
    }

    @Override
    public final Declaration declaration() {
        return declaration;
    }

    @Override
    public final Rows rows() {
        return rows;
    }

    /** In the shared ledger: one row of this type, its fields checked against the declared ones. */
    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        if (!(rows instanceof TrackedTable table) || !table.shared()) {
            throw new UnsupportedOperationException(declaration.name() + " keeps its rows in a table of its own and must write them itself");
        }
        return table.track(tx, declaration.recordFields(), nodeName, deploymentId, ibmId, details);
    }

    @Override
    public String toString() {
        return declaration.name();
    }
}
