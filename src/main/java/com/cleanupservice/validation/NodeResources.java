package com.cleanupservice.validation;

import com.cleanupservice.cleanup.NodeRef;
import com.cleanupservice.resources.TrackedResource;

import java.util.List;

/** A node and every resource ever tracked for it (GONE rows included: validation asks IBM about each). */
record NodeResources(NodeRef node, List<TrackedResource> resources) {
}
