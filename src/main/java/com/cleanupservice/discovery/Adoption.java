package com.cleanupservice.discovery;

import com.cleanupservice.api.schema.AdoptionResult;
import com.cleanupservice.api.schema.ResourceTracked;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.provisioner.Provisioner;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/cleanup/drift/{node|deployment}/{id}/adopt}: tracks untracked resources under the owner their
 * evidence names, from a scan made now (never from what the client says a resource is), through the provisioner's own
 * recording path, so exclusive ownership and the reopening of a finished node apply as to any record. Ambiguous ones
 * are refused. With {@code mark_gone}, rows IBM answered 404 for are marked GONE in the ledger.
 */
public final class Adoption {
    public static final List<String> KEYS = List.of("ids", "all", "mark_gone");

    private final Drift drift;
    private final Provisioner provisioner;
    private final Jdbc jdbc;

    public Adoption(Drift drift, Provisioner provisioner, Jdbc jdbc) {
        this.drift = drift;
        this.provisioner = provisioner;
        this.jdbc = jdbc;
    }

    public AdoptionResult adopt(Drift.Target target, Map<String, Object> body) {
        boolean all = Boolean.TRUE.equals(flag(body, "all"));
        boolean markGone = Boolean.TRUE.equals(flag(body, "mark_gone"));
        Set<String> ids = ids(body);
        if (!all && ids.isEmpty()) {
            throw Refusal.badRequest("say what to adopt: {\"ids\": [...]} or {\"all\": true} (with \"mark_gone\": true, missing rows are marked GONE too)");
        }
        if (all && !ids.isEmpty()) {
            throw Refusal.badRequest("give either ids or all, not both");
        }
        Drift.Scan scan = drift.scan(target);
        if (!scan.errors().isEmpty()) {
            throw Refusal.conflict("the scan was incomplete, nothing adopted: " + String.join("; ", scan.errors()), null);
        }
        Set<String> wanted = new LinkedHashSet<>(ids);
        List<AdoptionResult.Adopted> adopted = new ArrayList<>();
        List<AdoptionResult.Refused> refused = new ArrayList<>();
        for (Drift.Finding f : scan.findings()) {
            String id = f.found().id();
            if (!all && !wanted.remove(id)) {
                continue;
            }
            if (f.ambiguous()) {
                refused.add(refusal(f.found().type().name(), id, "ambiguous: claimed by "
                        + f.claims().keySet().stream().map(Drift.Owner::label).toList()));
                continue;
            }
            Drift.Owner owner = f.owner();
            // what a provisioner would have sent: type, id and the type's own fields (read by key)
            Map<String, Object> record = new HashMap<>(Map.of("type", f.found().type().name(), "id", id));
            f.found().record().forEach((k, v) -> {
                if (f.found().type().declaration().recordFields().containsKey(k)) {
                    record.put(k, v);
                }
            });
            String misplaced = place(record, f, owner, scan);
            if (misplaced != null) {
                refused.add(refusal(f.found().type().name(), id, misplaced));
                continue;
            }
            try {
                ResourceTracked answer = provisioner.track(owner.nodeName(), owner.nodeName() == null ? owner.deploymentId() : null, record);
                adopted.add(new AdoptionResult.Adopted(f.found().type().name(), id, f.found().name(), owner.nodeName(),
                        owner.deploymentId(), f.claims().get(owner), answer.created(), f.place().account(), f.place().region()));
            } catch (Refusal r) {
                refused.add(refusal(f.found().type().name(), id, r.getMessage()));
            }
        }
        List<AdoptionResult.MarkedGone> markedGone = new ArrayList<>();
        if (markGone) {
            for (TrackedResource r : scan.missing()) {
                if (!all && !wanted.remove(r.ibmId())) {
                    continue;
                }
                // IBM's 404 of a moment ago is the last word on it: a deletion would find the same
                int updated = jdbc.update(r.type().rows().mark(), LedgerState.GONE.name(), 0, "IBM Cloud answered 404 (drift discovery)", 404,
                        r.trackedId());
                markedGone.add(new AdoptionResult.MarkedGone(r.type().name(), r.ibmId(), r.nodeName(), updated == 1));
            }
        }
        wanted.forEach(id -> refused.add(refusal(null, id, "not untracked" + (markGone ? " or missing" : "") + " for this "
                + target.kind() + " (tracked already, unknown to IBM Cloud, or without evidence of whose it is)")));
        return new AdoptionResult(adopted.size() + " resource(s) adopted, " + refused.size() + " refused"
                + (markGone ? ", " + markedGone.size() + " missing row(s) marked GONE" : ""), adopted, refused,
                markGone ? markedGone : null,
                adopted.isEmpty() ? null : "a cleanup of the " + target.kind() + " deletes the adopted resources in dependency order",
                Instant.now().toString());
    }

    /**
     * Puts the place the resource was found in into its record where the row would not inherit it (a node's resource
     * inherits the node's place, a deployment's own the default), so the row says where it lives and its cleanup goes
     * there, never to the default's endpoint. A reason to refuse when the type cannot record a place of its own (a
     * server's is its node's) and the resource lives elsewhere; null when recorded.
     */
    private static String place(Map<String, Object> record, Drift.Finding f, Drift.Owner owner, Drift.Scan scan) {
        Drift.Place found = f.place();
        Drift.Place inherited = owner.nodeName() != null ? scan.nodePlaces().get(owner.nodeName()) : scan.home();
        if (inherited == null) {
            return "where " + owner.label() + " lives is not known: not adopted";
        }
        boolean regional = found.region() != null;
        boolean sameAccount = found.account().equals(inherited.account());
        boolean sameRegion = !regional || found.region().equals(inherited.region());
        if (sameAccount && sameRegion) {
            return null;
        }
        if (f.found().type().rows().place() == null) {
            return "found in " + found.label() + ", but a " + f.found().type().name() + " lives where " + owner.label()
                    + " does (" + inherited.label() + "): not adopted";
        }
        record.put("account", found.account());
        if (regional) {
            record.put("region", found.region());
        }
        return null;
    }

    private static Object flag(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (body.containsKey(key) && !(v instanceof Boolean)) {
            throw Refusal.badRequest(key + " must be true or false" + (v == null ? ", not null" : ""));
        }
        return v;
    }

    private static Set<String> ids(Map<String, Object> body) {
        Object v = body.get("ids");
        Set<String> ids = new LinkedHashSet<>();
        if (v == null) {
            return ids;
        }
        if (!(v instanceof List<?> list)) {
            throw Refusal.badRequest("ids must be a list of IBM ids");
        }
        for (Object id : list) {
            if (!(id instanceof String s) || s.isBlank()) {
                throw Refusal.badRequest("ids must be a list of IBM ids (strings)");
            }
            ids.add(s.trim());
        }
        return ids;
    }

    private static AdoptionResult.Refused refusal(String type, String id, String reason) {
        return new AdoptionResult.Refused(type, id, reason);
    }
}
