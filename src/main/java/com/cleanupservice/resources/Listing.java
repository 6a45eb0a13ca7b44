package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.Models.Page;

import java.util.Map;

/**
 * How a type's resources are listed by the container they live in (a subnet's reserved IPs, a DNS zone's records),
 * each with the values {@link Identity} compares: a run that must look at many resources of one container before
 * deleting them reads the container a page at a time instead of asking for each one. Optional: a type without it is
 * looked at one resource at a time.
 */
public interface Listing {

    /** The container {@code resource} is listed in (its subnet; its DNS instance and zone), or null when unknown. */
    String container(TrackedResource resource);

    /** One page of the container {@code resource} is in, from {@code start} (null: the first): each id with its values. */
    Page<Map.Entry<String, Map<String, String>>> page(IbmClients ibm, TrackedResource resource, String start);
}
