package com.cleanupservice.guard;

import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.support.Refusal;

import java.sql.SQLException;
import java.util.UUID;

/**
 * Where a guard refusal nobody was there to read is handed on: a scheduled sweep refused for its size records the
 * refusal in its run and calls {@link #refused} in that same transaction. The notification outbox connects here (a
 * {@code guard_refused} event written on {@code tx}); until it does, the refusal is the run record and a WARN line.
 */
public class GuardRefusals {

    /**
     * A run refused for its size, recorded as {@code runId} in {@code tx}'s transaction: the refusal's message and its
     * details (its {@code code}, {@code planned_count}, the {@code limit} and its figures), as the run record has them.
     */
    public void refused(Jdbc.Tx tx, UUID runId, Refusal refusal) throws SQLException {
        // the notification outbox's guard_refused event is written here, on tx
    }
}
