package com.cleanupservice.resources;

import com.cleanupservice.persistence.Jdbc;

import java.sql.SQLException;
import java.util.Map;

/**
 * What a type is made of besides behaviour — its {@link Declaration} and its {@link TrackedTable} — given to the
 * constructor as values. A type in the shared ledger ({@link TrackedTable#ledger()}) gets its rows written here, from
 * its declared fields; a type with a table of its own writes them itself ({@link #track}). Abstract, so the registry
 * never instantiates it.
 */
public abstract class DeclaredType implements ResourceType {
    private final Declaration declaration;
    private final TrackedTable table;

    /** @param table null for a type whose rows are not in the common table shape (it writes its own SQL) */
    protected DeclaredType(Declaration declaration, TrackedTable table) {
        this.declaration = declaration;
        this.table = table != null && table.shared() ? table.ofType(declaration.name()) : table;
    }

    @Override
    public final Declaration declaration() {
        return declaration;
    }

    @Override
    public final TrackedTable table() {
        return table;
    }

    /** In the shared ledger: one row of this type, its fields checked against the declared ones. */
    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        if (table == null || !table.shared()) {
            throw new UnsupportedOperationException(declaration.name() + " keeps its rows in a table of its own and must write them itself");
        }
        return table.track(tx, declaration.recordFields(), nodeName, deploymentId, ibmId, details);
    }

    @Override
    public String toString() {
        return declaration.name();
    }
}
